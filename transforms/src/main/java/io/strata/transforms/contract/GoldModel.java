package io.strata.transforms.contract;

import java.io.Serializable;

/** A gold table built by one SQL file: {@code gold/<name>.sql} holds one SELECT. */
public record GoldModel(String name, String sql) implements Serializable {}
