"""What the tests share: paths, builders of records, reports and evidence, fake servers, runners.

One module per kind of help (``paths``, ``records``, ``zowe_config``,
``evidence``, ``reports``, ``signing``, ``cli``, ``fake_zosmf``, ``lab``,
``browser``, ``shared``, ``kernels``); pytest fixtures built from them live
in ``tests/conftest.py``.
"""
