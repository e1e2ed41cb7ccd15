package io.strata.transforms.contract;

import java.io.Serializable;

/**
 * Turns one raw record holding an object of named values into one silver row per entry: {@code
 * {"date": .., "rates": {"USD": "1.08", "GBP": "0.85"}}} becomes a row per currency. The record is
 * accepted or rejected whole: one bad entry rejects it with the reasons of every entry.
 *
 * @param path dotted path to the object
 * @param keyColumn the column that receives each entry's name
 * @param valueColumn the column that receives each entry's value
 */
public record UnnestSpec(String path, String keyColumn, String valueColumn)
    implements Serializable {}
