"""Stage 4, build: plan the pages, compose and lay out the front matter, merge, stamp and
assemble the exhibits, write the packet and its manifest."""
