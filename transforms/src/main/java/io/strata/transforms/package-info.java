/** Reusable Beam transforms: contracts, sources, validation, de-duplication, sinks and ledger. */
package io.strata.transforms;
