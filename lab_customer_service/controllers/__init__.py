from . import portal_samples
