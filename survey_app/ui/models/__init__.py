"""Item models over the store, each checked by qtmodeltester in the tests."""
