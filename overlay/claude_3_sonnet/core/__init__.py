"""The pure core: everything the client decides, with no I/O.

Building and checking a request, reading the contract, parsing a response
or a stream's bytes, deciding whether to retry and how long to wait,
assembling a streamed answer, counting usage, describing a tool: each is a
function of its inputs (and, for time budgets, of a clock passed in). The
clients in ``claude_3_sonnet.transport`` are thin loops that move bytes and
sleep; they call into here for every decision.

Layer rule (checked by ``tests/test_architecture.py``): modules here import
only the standard library, attrs, the generated ``claude_3_sonnet_client``
package, ``claude_3_sonnet._version`` and each other; never an HTTP library,
never a higher layer.
"""
