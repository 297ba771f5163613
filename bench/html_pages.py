#!/usr/bin/env python3
"""html_pages.py ARTICLES_DIR OUT_DIR [N] — news pages as people save them,
built at bench time from plain-text articles (title, blank line, paragraphs:
the BBC and CNN corpora), with page furniture around them.

For each article k, writes OUT_DIR/k.html and the truth beside it:
k.article.txt (the article's own words: title and paragraphs) and
k.furniture.txt (every word of furniture the page adds). The furniture is
written for this bench (navigation, cookie banner, share buttons, "Most read"
and related links, newsletter prompt, "Read more" lines, reader comments,
footer); four layouts rotate: HTML5 semantic elements, div soup with class
names, div soup with no class or id at all, and an old table layout, so the
boilerplate removal cannot lean on names alone.
Nothing is copied from real pages.
"""
import html
import os
import random
import sys

NAV = ["Home", "News", "Sport", "Business", "Technology", "Science", "Health",
       "Entertainment & Arts", "Weather", "Travel", "Culture", "Video", "Live"]
COOKIE = ("We use cookies to give you the best experience on our website and to "
          "show you relevant advertising. By continuing to browse the site you "
          "agree to our use of cookies. You can change your cookie settings at any time.")
COOKIE_BUTTONS = ["Accept all cookies", "Manage preferences"]
SHARE = ["Share this article", "Facebook", "Twitter", "Email", "Copy link"]
MOST_READ = ["Council approves new cycle lanes after long debate",
             "Heatwave warning issued for the weekend",
             "Five things we learned from the cup final",
             "Why the price of coffee keeps going up",
             "Local bakery wins national bread award",
             "Train strikes: what you need to know",
             "The quiet village that became a film set"]
RELATED = ["More on this story", "How the deal was done",
           "Analysis: what the figures really mean",
           "Timeline: the story so far"]
NEWSLETTER = ("Sign up for our morning briefing newsletter and get the top stories "
              "delivered to your inbox every weekday.")
READ_MORE = "Read more: the full story of how we got here"
COMMENTS = [("jsmith", "I have been saying this for years and nobody listened to me at all."),
            ("Marta K", "Great piece, thanks for writing it. Looking forward to the follow up."),
            ("old_reader", "This is the worst coverage I have seen in a long time, to be honest.")]
FOOTER = ["About us", "Contact", "Terms of use", "Privacy policy", "Cookies",
          "Accessibility help", "Copyright 2024 The Daily Example. All rights reserved."]


def esc(s):
    return html.escape(s, quote=False)


def links(items, cls=None):
    return "".join('<li><a href="/%d">%s</a></li>' % (i, esc(t)) for i, t in enumerate(items))


def furniture_words():
    parts = NAV + [COOKIE] + COOKIE_BUTTONS + SHARE + ["Most read"] + MOST_READ + \
        RELATED + [NEWSLETTER, "Subscribe", READ_MORE, "Comments"] + \
        [n + " " + c for n, c in COMMENTS] + FOOTER + ["Advertisement", "Related topics",
                                                        "The Daily Example", "Example News",
                                                        "Skip to content"]
    return " ".join(parts)


def semantic(title, paras):
    body = "".join("<p>%s</p>\n" % esc(p) for p in paras)
    mid = len(paras) // 2
    body_parts = body.split("\n")
    body_parts.insert(mid, '<p class="read-more"><a href="/more">%s</a></p>' % esc(READ_MORE))
    body = "\n".join(body_parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} - The Daily Example</title>
<script>window.dataLayer = [];function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: sans-serif; }} .nav li {{ display: inline; }}</style></head>
<body>
<div id="cookie-banner" role="dialog"><p>{esc(COOKIE)}</p>
<button>{COOKIE_BUTTONS[0]}</button> <button>{COOKIE_BUTTONS[1]}</button></div>
<a href="#main">Skip to content</a>
<header><nav><ul class="nav">{links(NAV)}</ul></nav></header>
<main id="main"><article>
<h1>{esc(title)}</h1>
<div class="share"><ul>{links(SHARE)}</ul></div>
{body}
</article>
<aside><h2>Related topics</h2><ul>{links(RELATED)}</ul></aside>
<section class="newsletter"><p>{esc(NEWSLETTER)}</p><button>Subscribe</button></section>
<section class="comments"><h2>Comments</h2>
{"".join('<div class="comment"><b>%s</b><p>%s</p></div>' % (esc(n), esc(c)) for n, c in COMMENTS)}
</section>
<aside class="most-read"><h2>Most read</h2><ol>{links(MOST_READ)}</ol></aside>
</main>
<div class="ad">Advertisement</div>
<footer><ul>{links(FOOTER)}</ul></footer>
</body></html>
"""


def divsoup(title, paras, classes):
    def d(cls):
        return ' class="%s"' % cls if classes else ""
    body = "".join("<div%s>%s</div>\n" % (d("text"), esc(p)) for p in paras)
    return f"""<html><head><title>{esc(title)} | Example News</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<script type="text/javascript">var ads = {{slot: 1}};</script></head>
<body>
<div{d("top-bar")}>{"".join('<a href="/%d">%s</a> | ' % (i, esc(t)) for i, t in enumerate(NAV))}</div>
<div{d("consent")}>{esc(COOKIE)} <a href="/ok">{COOKIE_BUTTONS[0]}</a> <a href="/prefs">{COOKIE_BUTTONS[1]}</a></div>
<div{d("wrapper")}><div{d("headline")}><h1>{esc(title)}</h1></div>
<div{d("social")}>{" ".join('<a href="/s%d">%s</a>' % (i, esc(t)) for i, t in enumerate(SHARE))}</div>
{body}
<div{d("more")}><a href="/more">{esc(READ_MORE)}</a></div>
<div{d("signup")}>{esc(NEWSLETTER)} <a href="/sub">Subscribe</a></div>
<div{d("related")}><b>Related topics</b><br>{"<br>".join('<a href="/r%d">%s</a>' % (i, esc(t)) for i, t in enumerate(RELATED))}</div>
<div{d("popular")}><b>Most read</b><br>{"<br>".join('<a href="/m%d">%s</a>' % (i, esc(t)) for i, t in enumerate(MOST_READ))}</div>
<div{d("comments")}><b>Comments</b>
{"".join('<div><span>%s</span> %s</div>' % (esc(n), esc(c)) for n, c in COMMENTS)}
</div></div>
<div{d("adslot")}>Advertisement</div>
<div{d("bottom")}>{" | ".join('<a href="/f%d">%s</a>' % (i, esc(t)) for i, t in enumerate(FOOTER[:-1]))} {esc(FOOTER[-1])}</div>
<a href="#top">Skip to content</a>
</body></html>
"""


def tables(title, paras):
    body = "".join("<p>%s\n" % esc(p) for p in paras)  # unclosed <p>, as old pages do
    return f"""<HTML><HEAD><TITLE>{esc(title)}</TITLE></HEAD>
<BODY><TABLE WIDTH=100%><TR><TD COLSPAN=2>{esc(COOKIE)} <A HREF=/ok>{COOKIE_BUTTONS[0]}</A> <A HREF=/p>{COOKIE_BUTTONS[1]}</A></TD></TR>
<TR><TD WIDTH=150 VALIGN=top>{"<BR>".join('<A HREF=/%d>%s</A>' % (i, esc(t)) for i, t in enumerate(NAV))}
<P><B>Most read</B><BR>{"<BR>".join('<A HREF=/m%d>%s</A>' % (i, esc(t)) for i, t in enumerate(MOST_READ))}</TD>
<TD VALIGN=top><FONT SIZE=+2><B>{esc(title)}</B></FONT>
<P>{" ".join('<A HREF=/s%d>%s</A>' % (i, esc(t)) for i, t in enumerate(SHARE))}
{body}
<P><A HREF=/more>{esc(READ_MORE)}</A>
<P>{esc(NEWSLETTER)} <A HREF=/sub>Subscribe</A>
<P><B>Related topics</B><UL>{"".join('<LI><A HREF=/r%d>%s</A>' % (i, esc(t)) for i, t in enumerate(RELATED))}</UL>
<P><B>Comments</B>{"".join('<P><I>%s</I> %s' % (esc(n), esc(c)) for n, c in COMMENTS)}
</TD></TR>
<TR><TD COLSPAN=2>Advertisement<BR>{" | ".join('<A HREF=/f%d>%s</A>' % (i, esc(t)) for i, t in enumerate(FOOTER[:-1]))}<BR>{esc(FOOTER[-1])}<BR><A HREF=#top>Skip to content</A></TD></TR></TABLE>
</BODY></HTML>
"""


def read_article(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l.strip() for l in f.read().split("\n")]
    lines = [l for l in lines if l]
    return lines[0], lines[1:]


def main():
    src, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    os.makedirs(out, exist_ok=True)
    files = []
    for root, _, names in os.walk(src):
        files += [os.path.join(root, x) for x in names if x.endswith(".txt")]
    files.sort()
    random.Random(19).shuffle(files)
    furniture = furniture_words()
    for k, path in enumerate(files[:n]):
        title, paras = read_article(path)
        if not paras:
            continue
        layout = k % 4
        page = (semantic(title, paras) if layout == 0 else
                divsoup(title, paras, True) if layout == 1 else
                divsoup(title, paras, False) if layout == 2 else tables(title, paras))
        with open(os.path.join(out, "%04d.html" % k), "w", encoding="utf-8") as f:
            f.write(page)
        with open(os.path.join(out, "%04d.article.txt" % k), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "\n\n".join(paras) + "\n")
        with open(os.path.join(out, "%04d.furniture.txt" % k), "w", encoding="utf-8") as f:
            f.write(furniture + "\n")


if __name__ == "__main__":
    main()
