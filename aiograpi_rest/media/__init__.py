"""Media in and out: spooled, checked uploads; the guarded URL fetcher; confined, streamed downloads.

Modules, each for one thing:

- `spool`: a request's temporary upload folder (`Spool`) and its checked files (`Photo`, `Video`,
  `Audio`); `saved_photo` for a single photo.
- `sniff`: a file's type from its bytes. `photos`: photo checks. `probe`: video/audio facts (PyAV).
  `rules`: each surface's limits (`Surface`, `RULES`, `check`). `thumbnails`: cover frames.
- `addresses`: which addresses a fetch may reach (pure). `fetch`: the guarded fetcher.
  `cdn`: the Instagram CDN check for download-by-URL routes.
- `downloads`: `download_to`/`Download.deliver` and the `folder`/`filename`/`returnFile` parameters.

Import from the module that holds a name (`from aiograpi_rest.media.spool import Spool`).
"""
