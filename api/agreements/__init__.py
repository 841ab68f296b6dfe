"""Agreements: the contribution-share and reciprocity policies of a round."""
