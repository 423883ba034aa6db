{
    "name": "Channel Suite: Base",
    "summary": "What the suite's addons share: the batched scheduled action and the "
    "uninstall that keeps records documents point to",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["base"],
    "installable": True,
}
