"""The checker (layer 2): the rule engine and the catalogue of rules."""
