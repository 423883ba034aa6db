from . import portal, portal_projects
