"""Sub-commands of ``rewriter``: one module each, with ``register(subparsers)``.

Adding a command = adding a module here; ``rewriter.cli`` discovers them.
"""
