"""The lab: tools that make and measure restore, never needed to run it.

Training (``train``), calibration (``calibrate``), checkpoint averaging (``average``), the
damage generator (``noise``), the corpus split (``corpus``), the benchmark (``evaluate``,
``speed``) and the names-list builder (``names``). Every module here may import the
runtime; no runtime module imports the lab (a test checks it). The CLI reaches it lazily:
``restore train`` and ``restore eval``.
"""
