"""The exercise records, one module per notebook: ``nb01`` … ``nb05``, each with its ``RECORDS``."""
