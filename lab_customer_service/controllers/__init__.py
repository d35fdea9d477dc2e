from . import portal_requests
