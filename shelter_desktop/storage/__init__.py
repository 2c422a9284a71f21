"""Everything that touches the vault's files: the only place that imports sqlcipher3."""
