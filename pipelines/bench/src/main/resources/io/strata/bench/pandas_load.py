"""The peer Strata replaces: an Airflow task loading CSV files with pandas into PostgreSQL.

usage: pandas_load.py to_sql|copy <folder> <schema.table>
The SQLAlchemy URL comes from STRATA_BENCH_SQLALCHEMY_URL (it may hold the password).
to_sql: DataFrame.to_sql, what most teams write; copy: the same frames through psycopg2's COPY.
"""
import glob
import io
import os
import sys

import pandas as pd
import sqlalchemy

mode, folder, target = sys.argv[1], sys.argv[2], sys.argv[3]
schema, table = target.split(".")
engine = sqlalchemy.create_engine(os.environ["STRATA_BENCH_SQLALCHEMY_URL"])
files = sorted(glob.glob(os.path.join(folder, "order_lines", "*.csv")))
with engine.begin() as connection:
    for path in files:
        # As read by a bronze layer: every value kept as the text it was.
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if mode == "to_sql":
            frame.to_sql(table, connection, schema=schema, if_exists="append", index=False, chunksize=10000)
        elif mode == "copy":
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, header=False)
            buffer.seek(0)
            cursor = connection.connection.cursor()
            cursor.copy_expert(
                "COPY %s (%s) FROM STDIN WITH (FORMAT csv)" % (target, ", ".join(frame.columns)), buffer)
        else:
            sys.exit("unknown mode " + mode)
