package io.strata.transforms.contract;

import java.io.Serializable;

/**
 * A nested array of scalars stored as a child silver table keyed by the parent key and the value:
 * {@code tags: [..]} on a product becomes rows of {@code silver.product_tags}. Values are trimmed
 * and lower-cased, blanks and duplicates removed, and replaced whole when the parent row changes.
 *
 * @param table the child silver table
 * @param path dotted path to the array in the raw record
 * @param column the child column holding one value
 */
public record ChildSpec(String table, String path, String column) implements Serializable {}
