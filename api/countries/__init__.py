"""Countries and economies that proposals and agreements name."""
