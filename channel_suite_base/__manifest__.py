{
    "name": "Channel Suite: Base",
    "summary": "What the suite's addons share: the batched scheduled action, the "
    "uninstall that keeps records documents point to, list columns wide enough "
    "for Chinese dates and titles",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "website": "https://github.com/channel-suite/channel-suite",
    "author": "Channel Suite",
    "license": "LGPL-3",
    "depends": ["web"],
    "assets": {
        "web.assets_backend": [
            "channel_suite_base/static/src/views/list_column_widths.js",
        ],
    },
    "installable": True,
}
