/**
 * The benchmark's results as data (medians, rates, ratios, the scaling fit), and how they are
 * written: JSON, Markdown and a PNG chart. Pure functions of the samples, so tests can feed them
 * numbers.
 */
package btrfs.workbench.bench.report;
