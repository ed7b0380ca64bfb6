"""``make bench``: the client measured against its floors, one module per measurement.

Run ``python -m benchmarks.run`` from the repository root (``--help`` for
the options). The layout:

- ``common``: settings, the request every contender sends, timing helpers,
  interleaved rounds and the median of per-round ratios to the floor;
- ``per_call``: client-side cost of one non-streamed call, in process;
- ``stream_body`` and ``streaming``: 20,000 chunks in the service's real
  format, read through each contender's stream;
- ``loopback`` and ``end_to_end``: calls per second against the mock in
  another process (``MockProcess``), sequential and with 64 in flight;
- ``import_time``, ``generate_time``: cold import, ``make generate``;
- ``targets``, ``report``, ``run``: judging, printing, orchestrating;
- ``batch_throughput`` (optional, its own owner): a plug-in ``run`` includes
  as ``batch`` when the module exists;
- ``load``: ``make load``, many concurrent connections against the mock.

The package is not shipped: it lives beside the client, not inside it,
because it imports the openai SDK, both httpx generations and the mock.
"""
