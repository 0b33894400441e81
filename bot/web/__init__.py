"""The web pages of `crayon serve`: drawings by their ids, parents' album pages, /healthz."""
