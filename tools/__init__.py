"""Tools users run beside the collection (not shipped in the collection tarball): the API emulator."""
