-- The retail medallion written by hand in SQL, as a team without Strata would: bronze -> silver and
-- quarantine, following pipelines/retail/SPEC.md rule for rule. SqlMedallion has COPYed the raw files in as text:
--   raw.customers, raw.orders, raw.order_lines  source, line, one text column per CSV column
--   raw.products, raw.payments                  source, line, doc (one JSON line)
--   raw.fx_pages                                source, page, body (one FX API page)
-- Each source gets a raw.<table>_checked table: typed values plus reasons, a jsonb[] of every rule
-- the row breaks ({code, column, message}, codes as Strata's: <column>.<rule>). Valid rows are
-- de-duplicated into silver.*, the others go to quarantine.rejected_rows. Parents come first, so
-- foreign keys are checked against the valid, de-duplicated parent rows already in silver.

-- Helpers -----------------------------------------------------------------------------------------

-- "Required" means present and not blank.
CREATE FUNCTION raw.blank(v text) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$
    SELECT v IS NULL OR btrim(v, E' \t\n\r\f\x0b') = ''
$$;

-- Typed values, null when the text is not of the type. Only the strict ISO forms count:
-- pg_input_is_valid alone would also take '0x1F', '1_000', 'NaN', 'Jan 5 2026' or a timestamp
-- without an offset.
CREATE FUNCTION raw.as_integer(v text) RETURNS bigint STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN v ~ '^\s*[+-]?[0-9]+\s*$' AND pg_input_is_valid(v, 'bigint') THEN v::bigint END
$$;
CREATE FUNCTION raw.as_decimal(v text) RETURNS numeric STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN v ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$' AND pg_input_is_valid(v, 'numeric')
                THEN v::numeric END
$$;
CREATE FUNCTION raw.as_date(v text) RETURNS date STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN v ~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' AND pg_input_is_valid(v, 'date') THEN v::date END
$$;
CREATE FUNCTION raw.as_timestamp(v text) RETURNS timestamptz STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN v ~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{0,9})?)?([Zz]|[+-][0-9]{2}(:[0-9]{2}(:[0-9]{2})?)?)\s*$'
                     AND pg_input_is_valid(v, 'timestamptz')
                THEN v::timestamptz END
$$;
CREATE FUNCTION raw.as_boolean(v text) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$
    SELECT CASE lower(btrim(v, E' \t\n\r\f\x0b')) WHEN 'true' THEN true WHEN 'false' THEN false END
$$;

-- A JSON field as text (a number or boolean as written); null when absent, JSON null, an object or
-- an array. An object or array where a value belongs breaks <column>.type.
CREATE FUNCTION raw.jtext(v jsonb) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT CASE WHEN jsonb_typeof(v) NOT IN ('object', 'array') THEN v #>> '{}' END
$$;
CREATE FUNCTION raw.composite(v jsonb) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$
    SELECT coalesce(jsonb_typeof(v) IN ('object', 'array'), false)
$$;

-- One reason; row.* codes name no column.
CREATE FUNCTION raw.reason(code text, message text) RETURNS jsonb IMMUTABLE LANGUAGE sql AS $$
    SELECT jsonb_build_object('code', code,
                              'column', CASE WHEN code NOT LIKE 'row.%' THEN split_part(code, '.', 1) END,
                              'message', message)
$$;

-- customers (CSV) ---------------------------------------------------------------------------------
CREATE TABLE raw.customers_checked AS
WITH typed AS MATERIALIZED (  -- each value typed once
    SELECT r.*, raw.as_date(r.signup_date) AS signup_date_v, raw.as_timestamp(r.updated_at) AS updated_at_v
    FROM raw.customers r
)
SELECT source, line, customer_id, lower(email) AS email, full_name, country, segment,
       signup_date_v AS signup_date, updated_at_v AS updated_at,
       array_remove(ARRAY[
           CASE WHEN raw.blank(customer_id) THEN raw.reason('customer_id.required', 'is required')
                WHEN customer_id !~ '^C[0-9]{6}$' THEN raw.reason('customer_id.pattern', format('%L does not match ^C[0-9]{6}$', customer_id)) END,
           CASE WHEN raw.blank(email) THEN raw.reason('email.required', 'is required')
                WHEN email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN raw.reason('email.pattern', format('%L is not an e-mail address', email)) END,
           CASE WHEN raw.blank(full_name) THEN raw.reason('full_name.required', 'is required')
                WHEN char_length(full_name) > 200 THEN raw.reason('full_name.max_length', format('has %s characters, at most 200 allowed', char_length(full_name))) END,
           CASE WHEN raw.blank(country) THEN raw.reason('country.required', 'is required')
                WHEN country NOT IN ('DE', 'FR', 'GB', 'US', 'ES', 'IT', 'NL', 'PL', 'SE', 'JP') THEN raw.reason('country.allowed', format('%L is not an allowed country', country)) END,
           CASE WHEN raw.blank(segment) THEN raw.reason('segment.required', 'is required')
                WHEN segment NOT IN ('consumer', 'business') THEN raw.reason('segment.allowed', format('%L is not consumer or business', segment)) END,
           CASE WHEN raw.blank(signup_date) THEN raw.reason('signup_date.required', 'is required')
                WHEN signup_date_v IS NULL THEN raw.reason('signup_date.type', format('%L is not a date', signup_date)) END,
           CASE WHEN raw.blank(updated_at) THEN raw.reason('updated_at.required', 'is required')
                WHEN updated_at_v IS NULL THEN raw.reason('updated_at.type', format('%L is not a timestamp with offset', updated_at)) END,
           CASE WHEN signup_date_v > (updated_at_v AT TIME ZONE 'UTC')::date
                THEN raw.reason('signup_date.not_after', format('%s is after the UTC date of updated_at', signup_date_v)) END
       ], NULL) AS reasons
FROM typed;

-- Key customer_id: the greatest updated_at wins; on a tie the later file, then the later line.
INSERT INTO silver.customers (customer_id, email, full_name, country, segment, signup_date, updated_at,
                              lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (customer_id)
       customer_id, email, full_name, country, segment, signup_date, updated_at, source, line, 'sql-medallion'
FROM raw.customers_checked
WHERE cardinality(reasons) = 0
ORDER BY customer_id, updated_at DESC, source COLLATE "C" DESC, line DESC;

-- products (JSON Lines) ---------------------------------------------------------------------------
CREATE TABLE raw.products_checked AS
WITH parsed AS MATERIALIZED (  -- parse each line once
    SELECT source, line, doc, CASE WHEN pg_input_is_valid(doc, 'jsonb') THEN doc::jsonb END AS j
    FROM raw.products
),
fields AS (
    SELECT p.*,
           raw.jtext(j -> 'sku') AS product_id,
           raw.jtext(j -> 'name') AS name,
           raw.jtext(j #> '{category,id}') AS category_id,
           raw.jtext(j #> '{category,name}') AS category_name,
           raw.jtext(j #> '{category,parent,id}') AS parent_category_id,
           raw.jtext(j #> '{price,amount}') AS list_price,
           raw.jtext(j #> '{price,currency}') AS list_currency,
           raw.jtext(j -> 'active') AS active,
           raw.jtext(j -> 'updated_at') AS updated_at
    FROM parsed p
),
typed AS MATERIALIZED (
    SELECT f.*, raw.as_decimal(list_price) AS list_price_v, raw.as_boolean(active) AS active_v,
           raw.as_timestamp(updated_at) AS updated_at_v
    FROM fields f
)
SELECT source, line, doc, j, product_id, name, category_id, category_name, parent_category_id,
       list_price_v AS list_price, list_currency, active_v AS active, updated_at_v AS updated_at,
       CASE WHEN jsonb_typeof(j) IS DISTINCT FROM 'object' THEN ARRAY[raw.reason('row.parse_error', 'not a JSON object')]
       ELSE array_remove(ARRAY[
           CASE WHEN raw.composite(j -> 'sku') THEN raw.reason('product_id.type', 'expected a string')
                WHEN raw.blank(product_id) THEN raw.reason('product_id.required', 'is required')
                WHEN product_id !~ '^P[0-9]{5}$' THEN raw.reason('product_id.pattern', format('%L does not match ^P[0-9]{5}$', product_id)) END,
           CASE WHEN raw.composite(j -> 'name') THEN raw.reason('name.type', 'expected a string')
                WHEN raw.blank(name) THEN raw.reason('name.required', 'is required') END,
           CASE WHEN raw.composite(j #> '{category,id}') THEN raw.reason('category_id.type', 'expected a string')
                WHEN raw.blank(category_id) THEN raw.reason('category_id.required', 'is required') END,
           CASE WHEN raw.composite(j #> '{category,name}') THEN raw.reason('category_name.type', 'expected a string') END,
           CASE WHEN raw.composite(j #> '{category,parent,id}') THEN raw.reason('parent_category_id.type', 'expected a string') END,
           CASE WHEN raw.composite(j #> '{price,amount}') THEN raw.reason('list_price.type', 'expected a decimal')
                WHEN raw.blank(list_price) THEN raw.reason('list_price.required', 'is required')
                WHEN list_price_v IS NULL THEN raw.reason('list_price.type', format('%L is not a decimal', list_price)) END,
           CASE WHEN list_price_v < 0 THEN raw.reason('list_price.range', format('%s is below 0', list_price)) END,
           CASE WHEN min_scale(list_price_v) > 2 THEN raw.reason('list_price.scale', format('%s has more than 2 decimal places', list_price)) END,
           CASE WHEN raw.composite(j #> '{price,currency}') THEN raw.reason('list_currency.type', 'expected a string')
                WHEN raw.blank(list_currency) THEN raw.reason('list_currency.required', 'is required')
                WHEN list_currency NOT IN ('EUR', 'USD', 'GBP') THEN raw.reason('list_currency.allowed', format('%L is not EUR, USD or GBP', list_currency)) END,
           CASE WHEN raw.composite(j -> 'active') THEN raw.reason('active.type', 'expected a boolean')
                WHEN NOT raw.blank(active) AND active_v IS NULL THEN raw.reason('active.type', format('%L is not a boolean', active)) END,
           CASE WHEN raw.composite(j -> 'updated_at') THEN raw.reason('updated_at.type', 'expected a timestamp')
                WHEN raw.blank(updated_at) THEN raw.reason('updated_at.required', 'is required')
                WHEN updated_at_v IS NULL THEN raw.reason('updated_at.type', format('%L is not a timestamp with offset', updated_at)) END
       ], NULL) END AS reasons
FROM typed;

-- Key product_id: the latest updated_at wins, then the later file and line.
INSERT INTO silver.products (product_id, name, category_id, category_name, parent_category_id, list_price,
                             list_currency, active, updated_at, lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (product_id)
       product_id, name, category_id, category_name, parent_category_id, list_price, list_currency, active, updated_at,
       source, line, 'sql-medallion'
FROM raw.products_checked
WHERE cardinality(reasons) = 0
ORDER BY product_id, updated_at DESC, source COLLATE "C" DESC, line DESC;

-- The winners' tags: trimmed, lower-cased, without duplicates.
INSERT INTO silver.product_tags (product_id, tag)
SELECT DISTINCT s.product_id, lower(btrim(t #>> '{}', E' \t\n\r\f\x0b'))
FROM silver.products s
JOIN raw.products_checked c ON c.source = s.lineage_source AND c.line = s.lineage_position
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.j -> 'tags') = 'array' THEN c.j -> 'tags' END) t
WHERE jsonb_typeof(t) IN ('string', 'number', 'boolean')
  AND btrim(t #>> '{}', E' \t\n\r\f\x0b') <> '';

-- FX rates (API pages) ----------------------------------------------------------------------------
-- A page is readable when it is a JSON object with a data array and a next_page that is null or a
-- later page; an unreadable page is rejected whole. Pages are read as a client walks the API: from
-- page 1 along next_page, and after an unreadable page on to the next number. Lineage names the
-- page as the API request did.
CREATE TABLE raw.fx_pages_checked AS
WITH RECURSIVE parsed AS (
    SELECT '/v1/fx-rates?end=2099-12-31&start=2000-01-01&page=' || page AS source, page, body,
           CASE WHEN pg_input_is_valid(body, 'jsonb') THEN body::jsonb END AS j
    FROM raw.fx_pages
),
checked AS (
    SELECT source, page, body, j,
           coalesce(jsonb_typeof(j) = 'object'
                    AND jsonb_typeof(j -> 'data') = 'array'
                    AND (coalesce(jsonb_typeof(j -> 'next_page'), 'null') = 'null'
                         OR (j ->> 'next_page' ~ '^[0-9]{1,9}$' AND (j ->> 'next_page')::int > page)), false) AS readable
    FROM parsed
),
walked AS (
    SELECT * FROM checked WHERE page = 1
    UNION ALL
    SELECT n.*
    FROM walked w
    JOIN checked n ON n.page = CASE WHEN w.readable THEN (w.j ->> 'next_page')::int ELSE w.page + 1 END
)
SELECT * FROM walked;

-- Each element of data is one record (position = its index); its rates object unnests into one
-- row per currency. A record with any broken rule is rejected whole, with the reasons of all rows.
CREATE TABLE raw.fx_rates_checked AS
WITH records AS (
    SELECT p.source, e.ordinality - 1 AS position, e.value AS rec
    FROM raw.fx_pages_checked p
    CROSS JOIN LATERAL jsonb_array_elements(p.j -> 'data') WITH ORDINALITY e
    WHERE p.readable
),
entries AS (
    SELECT r.source, r.position, r.rec, x.key AS currency, x.value AS rate,
           raw.jtext(r.rec -> 'date') AS rate_date_text, raw.jtext(x.value) AS rate_text
    FROM records r
    LEFT JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(r.rec -> 'rates') = 'object' THEN r.rec -> 'rates' END) x ON true
),
checked AS (
    SELECT source, position, rec, currency, raw.as_date(rate_date_text) AS rate_date, raw.as_decimal(rate_text) AS units_per_eur,
           CASE WHEN jsonb_typeof(rec) <> 'object' THEN ARRAY[raw.reason('row.parse_error', 'the record is not a JSON object')]
                WHEN currency IS NULL THEN ARRAY[raw.reason('units_per_eur.required', '''rates'' must be an object of named values')]
           ELSE array_remove(ARRAY[
               CASE WHEN raw.composite(rec -> 'date') THEN raw.reason('rate_date.type', 'expected a date')
                    WHEN raw.blank(rate_date_text) THEN raw.reason('rate_date.required', 'is required')
                    WHEN raw.as_date(rate_date_text) IS NULL THEN raw.reason('rate_date.type', format('%L is not a date', rate_date_text)) END,
               CASE WHEN raw.blank(currency) THEN raw.reason('currency.required', 'is required')
                    WHEN currency NOT IN ('USD', 'GBP') THEN raw.reason('currency.allowed', format('%L is not USD or GBP', currency)) END,
               CASE WHEN raw.composite(rate) THEN raw.reason('units_per_eur.type', 'expected a decimal')
                    WHEN raw.blank(rate_text) THEN raw.reason('units_per_eur.required', 'is required')
                    WHEN raw.as_decimal(rate_text) IS NULL THEN raw.reason('units_per_eur.type', format('%L is not a decimal', rate_text)) END,
               CASE WHEN raw.as_decimal(rate_text) <= 0 THEN raw.reason('units_per_eur.range', format('%s is not above 0', rate_text)) END
           ], NULL) END AS reasons
    FROM entries
)
SELECT c.*, array(SELECT unnest(x.reasons) FROM checked x WHERE x.source = c.source AND x.position = c.position) AS record_reasons
FROM checked c;

-- Key (rate_date, currency): the later page, then the later record.
INSERT INTO silver.fx_rates (rate_date, currency, units_per_eur, lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (rate_date, currency) rate_date, currency, units_per_eur, source, position, 'sql-medallion'
FROM raw.fx_rates_checked
WHERE cardinality(record_reasons) = 0
ORDER BY rate_date, currency, source COLLATE "C" DESC, position DESC;

-- orders (CSV) ------------------------------------------------------------------------------------
CREATE TABLE raw.orders_checked AS
WITH typed AS MATERIALIZED (
    SELECT r.*, raw.as_timestamp(r.order_ts) AS order_ts_v FROM raw.orders r
)
SELECT source, line, order_id, customer_id, order_ts_v AS order_ts, channel, currency, status,
       array_remove(ARRAY[
           CASE WHEN raw.blank(order_id) THEN raw.reason('order_id.required', 'is required')
                WHEN order_id !~ '^O[0-9]{8}$' THEN raw.reason('order_id.pattern', format('%L does not match ^O[0-9]{8}$', order_id)) END,
           CASE WHEN raw.blank(customer_id) THEN raw.reason('customer_id.required', 'is required') END,
           CASE WHEN raw.blank(order_ts) THEN raw.reason('order_ts.required', 'is required')
                WHEN order_ts_v IS NULL THEN raw.reason('order_ts.type', format('%L is not a timestamp with offset', order_ts)) END,
           CASE WHEN raw.blank(channel) THEN raw.reason('channel.required', 'is required')
                WHEN channel NOT IN ('web', 'store', 'app') THEN raw.reason('channel.allowed', format('%L is not web, store or app', channel)) END,
           CASE WHEN raw.blank(currency) THEN raw.reason('currency.required', 'is required')
                WHEN currency NOT IN ('EUR', 'USD', 'GBP') THEN raw.reason('currency.allowed', format('%L is not EUR, USD or GBP', currency)) END,
           CASE WHEN raw.blank(status) THEN raw.reason('status.required', 'is required')
                WHEN status NOT IN ('placed', 'cancelled') THEN raw.reason('status.allowed', format('%L is not placed or cancelled', status)) END,
           -- the customer must be in silver
           CASE WHEN NOT raw.blank(customer_id)
                     AND NOT EXISTS (SELECT 1 FROM silver.customers c WHERE c.customer_id = o.customer_id)
                THEN raw.reason('customer_id.fk_missing', format('%L is not in silver.customers', customer_id)) END,
           -- a non-EUR order needs a rate on or before its UTC date
           CASE WHEN NOT raw.blank(currency) AND currency <> 'EUR'
                     AND NOT EXISTS (SELECT 1 FROM silver.fx_rates f
                                     WHERE f.currency = o.currency
                                       AND (order_ts_v IS NULL OR f.rate_date <= (order_ts_v AT TIME ZONE 'UTC')::date))
                THEN raw.reason('currency.fx_rate_missing', format('no %s rate on or before the order date', currency)) END
       ], NULL) AS reasons
FROM typed o;

-- Key order_id: the occurrence in the latest file wins; within a file the last line.
INSERT INTO silver.orders (order_id, customer_id, order_ts, channel, currency, status,
                           lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (order_id) order_id, customer_id, order_ts, channel, currency, status, source, line, 'sql-medallion'
FROM raw.orders_checked
WHERE cardinality(reasons) = 0
ORDER BY order_id, source COLLATE "C" DESC, line DESC;

-- order_lines (CSV) -------------------------------------------------------------------------------
CREATE TABLE raw.order_lines_checked AS
WITH typed AS MATERIALIZED (
    SELECT r.*, raw.as_integer(r.line_no) AS line_no_v, raw.as_integer(r.quantity) AS quantity_v,
           raw.as_decimal(r.unit_price) AS unit_price_v, raw.as_decimal(r.discount) AS discount_v
    FROM raw.order_lines r
)
SELECT source, line, order_id, line_no_v AS line_no, product_id, quantity_v AS quantity,
       unit_price_v AS unit_price, discount_v AS discount,
       array_remove(ARRAY[
           CASE WHEN raw.blank(order_id) THEN raw.reason('order_id.required', 'is required') END,
           CASE WHEN raw.blank(line_no) THEN raw.reason('line_no.required', 'is required')
                WHEN line_no_v IS NULL THEN raw.reason('line_no.type', format('%L is not an integer', line_no)) END,
           CASE WHEN line_no_v < 1 THEN raw.reason('line_no.range', format('%s is below 1', line_no_v)) END,
           CASE WHEN raw.blank(product_id) THEN raw.reason('product_id.required', 'is required') END,
           CASE WHEN raw.blank(quantity) THEN raw.reason('quantity.required', 'is required')
                WHEN quantity_v IS NULL THEN raw.reason('quantity.type', format('%L is not an integer', quantity)) END,
           CASE WHEN quantity_v NOT BETWEEN 1 AND 1000 THEN raw.reason('quantity.range', format('%s is outside [1, 1000]', quantity_v)) END,
           CASE WHEN raw.blank(unit_price) THEN raw.reason('unit_price.required', 'is required')
                WHEN unit_price_v IS NULL THEN raw.reason('unit_price.type', format('%L is not a decimal', unit_price)) END,
           CASE WHEN unit_price_v NOT BETWEEN 0 AND 100000 THEN raw.reason('unit_price.range', format('%s is outside [0, 100000]', unit_price_v)) END,
           CASE WHEN min_scale(unit_price_v) > 2 THEN raw.reason('unit_price.scale', format('%s has more than 2 decimal places', unit_price_v)) END,
           CASE WHEN raw.blank(discount) THEN raw.reason('discount.required', 'is required')
                WHEN discount_v IS NULL THEN raw.reason('discount.type', format('%L is not a decimal', discount)) END,
           CASE WHEN discount_v < 0 OR discount_v >= 1 THEN raw.reason('discount.range', format('%s is outside [0, 1)', discount_v)) END,
           -- the order and the product must be in silver
           CASE WHEN NOT raw.blank(order_id) AND NOT EXISTS (SELECT 1 FROM silver.orders o WHERE o.order_id = l.order_id)
                THEN raw.reason('order_id.fk_missing', format('%L is not in silver.orders', order_id)) END,
           CASE WHEN NOT raw.blank(product_id) AND NOT EXISTS (SELECT 1 FROM silver.products p WHERE p.product_id = l.product_id)
                THEN raw.reason('product_id.fk_missing', format('%L is not in silver.products', product_id)) END
       ], NULL) AS reasons
FROM typed l;

-- Key (order_id, line_no): the last occurrence (file, then line) wins.
INSERT INTO silver.order_lines (order_id, line_no, product_id, quantity, unit_price, discount,
                                lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (order_id, line_no)
       order_id, line_no, product_id, quantity, unit_price, discount, source, line, 'sql-medallion'
FROM raw.order_lines_checked
WHERE cardinality(reasons) = 0
ORDER BY order_id, line_no, source COLLATE "C" DESC, line DESC;

-- payments (JSON Lines, the events Strata reads from Kafka) ---------------------------------------
CREATE TABLE raw.payments_checked AS
WITH parsed AS MATERIALIZED (  -- parse each line once
    SELECT source, line, doc, CASE WHEN pg_input_is_valid(doc, 'jsonb') THEN doc::jsonb END AS j
    FROM raw.payments
),
fields AS (
    SELECT p.*,
           raw.jtext(j -> 'payment_id') AS payment_id,
           raw.jtext(j -> 'order_id') AS order_id,
           raw.jtext(j -> 'amount') AS amount,
           raw.jtext(j -> 'currency') AS currency,
           raw.jtext(j -> 'method') AS method,
           raw.jtext(j -> 'status') AS status,
           raw.jtext(j -> 'event_ts') AS event_ts
    FROM parsed p
),
typed AS MATERIALIZED (
    SELECT f.*, raw.as_decimal(amount) AS amount_v, raw.as_timestamp(event_ts) AS event_ts_v
    FROM fields f
)
SELECT source, line, doc, payment_id, order_id, amount_v AS amount, currency, method, status, event_ts_v AS event_ts,
       CASE WHEN jsonb_typeof(j) IS DISTINCT FROM 'object' THEN ARRAY[raw.reason('row.parse_error', 'not a JSON object')]
       ELSE array_remove(ARRAY[
           CASE WHEN raw.composite(j -> 'payment_id') THEN raw.reason('payment_id.type', 'expected a string')
                WHEN raw.blank(payment_id) THEN raw.reason('payment_id.required', 'is required')
                WHEN payment_id !~ '^PAY[0-9]{7}$' THEN raw.reason('payment_id.pattern', format('%L does not match ^PAY[0-9]{7}$', payment_id)) END,
           CASE WHEN raw.composite(j -> 'order_id') THEN raw.reason('order_id.type', 'expected a string')
                WHEN raw.blank(order_id) THEN raw.reason('order_id.required', 'is required') END,
           CASE WHEN raw.composite(j -> 'amount') THEN raw.reason('amount.type', 'expected a decimal')
                WHEN raw.blank(amount) THEN raw.reason('amount.required', 'is required')
                WHEN amount_v IS NULL THEN raw.reason('amount.type', format('%L is not a decimal', amount)) END,
           CASE WHEN amount_v <= 0 THEN raw.reason('amount.range', format('%s is not above 0', amount)) END,
           CASE WHEN raw.composite(j -> 'currency') THEN raw.reason('currency.type', 'expected a string')
                WHEN raw.blank(currency) THEN raw.reason('currency.required', 'is required')
                WHEN currency NOT IN ('EUR', 'USD', 'GBP') THEN raw.reason('currency.allowed', format('%L is not EUR, USD or GBP', currency)) END,
           CASE WHEN raw.composite(j -> 'method') THEN raw.reason('method.type', 'expected a string')
                WHEN raw.blank(method) THEN raw.reason('method.required', 'is required')
                WHEN method NOT IN ('card', 'paypal', 'bank_transfer') THEN raw.reason('method.allowed', format('%L is not card, paypal or bank_transfer', method)) END,
           CASE WHEN raw.composite(j -> 'status') THEN raw.reason('status.type', 'expected a string')
                WHEN raw.blank(status) THEN raw.reason('status.required', 'is required')
                WHEN status NOT IN ('authorized', 'captured', 'failed', 'refunded') THEN raw.reason('status.allowed', format('%L is not a payment status', status)) END,
           CASE WHEN raw.composite(j -> 'event_ts') THEN raw.reason('event_ts.type', 'expected a timestamp')
                WHEN raw.blank(event_ts) THEN raw.reason('event_ts.required', 'is required')
                WHEN event_ts_v IS NULL THEN raw.reason('event_ts.type', format('%L is not a timestamp with offset', event_ts)) END,
           -- the order must be in silver (a payment may arrive before its order: rejected until it does)
           CASE WHEN NOT raw.blank(order_id) AND NOT EXISTS (SELECT 1 FROM silver.orders o WHERE o.order_id = t.order_id)
                THEN raw.reason('order_id.fk_missing', format('%L is not in silver.orders', order_id)) END
       ], NULL) END AS reasons
FROM typed t;

-- Key payment_id: the event with the latest event_ts wins, then the later file and line.
INSERT INTO silver.payments (payment_id, order_id, amount, currency, method, status, event_ts,
                             lineage_source, lineage_position, lineage_run_id)
SELECT DISTINCT ON (payment_id)
       payment_id, order_id, amount, currency, method, status, event_ts, source, line, 'sql-medallion'
FROM raw.payments_checked
WHERE cardinality(reasons) = 0
ORDER BY payment_id, event_ts DESC, source COLLATE "C" DESC, line DESC;

-- Quarantine --------------------------------------------------------------------------------------
-- One row per rejected input record with all its reasons; replayable when every reason is a
-- missing parent. CSV payloads are the record's fields as a JSON object.
INSERT INTO quarantine.rejected_rows (table_name, source, position, payload, reasons, replayable, run_id)
SELECT table_name, source, position, payload, to_jsonb(reasons),
       NOT EXISTS (SELECT 1 FROM unnest(reasons) r WHERE r ->> 'code' <> ALL (parent_codes)),
       'sql-medallion'
FROM (
    SELECT 'customers' AS table_name, c.source, c.line AS position, (to_jsonb(r) - 'source' - 'line')::text AS payload,
           c.reasons, '{}'::text[] AS parent_codes
    FROM raw.customers_checked c JOIN raw.customers r USING (source, line)
    WHERE cardinality(c.reasons) > 0
    UNION ALL
    SELECT 'products', source, line, doc, reasons, '{}'
    FROM raw.products_checked WHERE cardinality(reasons) > 0
    UNION ALL
    SELECT 'fx_rates', source, -1, body, ARRAY[raw.reason('row.parse_error', 'the page is not a readable JSON page')], '{}'
    FROM raw.fx_pages_checked WHERE NOT readable
    UNION ALL
    SELECT DISTINCT ON (source, position) 'fx_rates', source, position, rec::text, record_reasons, '{}'
    FROM raw.fx_rates_checked WHERE cardinality(record_reasons) > 0
    UNION ALL
    SELECT 'orders', c.source, c.line, (to_jsonb(r) - 'source' - 'line')::text, c.reasons,
           '{customer_id.fk_missing,currency.fx_rate_missing}'
    FROM raw.orders_checked c JOIN raw.orders r USING (source, line)
    WHERE cardinality(c.reasons) > 0
    UNION ALL
    SELECT 'order_lines', c.source, c.line, (to_jsonb(r) - 'source' - 'line')::text, c.reasons,
           '{order_id.fk_missing,product_id.fk_missing}'
    FROM raw.order_lines_checked c JOIN raw.order_lines r USING (source, line)
    WHERE cardinality(c.reasons) > 0
    UNION ALL
    SELECT 'payments', source, line, doc, reasons, '{order_id.fk_missing}'
    FROM raw.payments_checked WHERE cardinality(reasons) > 0
) rejected;
