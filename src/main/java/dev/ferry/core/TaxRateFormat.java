package dev.ferry.core;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a source stores its tax rates, and how a stored rate becomes the fraction the money rule
 * multiplies by.
 *
 * <p>Contract: conversion is exact — a percent is divided by 100 by moving the decimal point
 * ({@code 16} becomes {@code 0.16}, {@code 7.5} becomes {@code 0.075}), never through a double.
 */
public enum TaxRateFormat {
  /** Rates are fractions: {@code 0.16} means 16 %. Ferry's default. */
  FRACTION,
  /** Rates are percentages: {@code 16} means 16 %. */
  PERCENT,
  /**
   * Each rate decides for itself: a rate above 1 is a percent, a rate of at most 1 a fraction. Only
   * for sources that mix both; a percent rate of 1 % or less would be misread, so {@code inspect}
   * writes {@link #FRACTION} or {@link #PERCENT} when the column is consistent.
   */
  AUTO;

  /** The stored {@code rate} as a fraction. */
  public BigDecimal toFraction(BigDecimal rate) {
    return switch (this) {
      case FRACTION -> rate;
      case PERCENT -> rate.movePointLeft(2);
      case AUTO -> rate.compareTo(BigDecimal.ONE) > 0 ? rate.movePointLeft(2) : rate;
    };
  }

  /** The lower-case name used in job files and on the command line, e.g. {@code percent}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format named {@code label} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static TaxRateFormat parse(String label) {
    for (TaxRateFormat format : values()) {
      if (format.label().equalsIgnoreCase(label.strip())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + label
            + "' is not a tax-rate format; use one of "
            + Arrays.stream(values()).map(TaxRateFormat::label).collect(Collectors.joining(", "))
            + ".");
  }
}
