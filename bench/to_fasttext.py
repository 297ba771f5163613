#!/usr/bin/python3
"""A label-folder corpus as fastText lines (__label__X text on one line), with
precis's decoding rule, for the throughput benchmark's fastText side."""
import os
import sys

root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for label in sorted(os.listdir(root)):
        folder = os.path.join(root, label)
        for name in sorted(os.listdir(folder)):
            raw = open(os.path.join(folder, name), "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            f.write("__label__%s %s\n" % (label, " ".join(text.split())))
