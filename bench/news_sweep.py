"""Settings sweep behind the default news model (datasets/models/README.md).

Each configuration (JSON on the command line) is trained with precis-train on
staged label folders and scored with precis-infer --eval:
  cnn_*    5-fold CV over the CNN articles of the seven labels, BBC always in
           training: full articles, short views (headline + first sentence),
           bodies without the headline;
  bbc_*    trained on CNN only, tested on all BBC articles (full, short).
Keys: aug (extra views per article), bal (balanced class weights), C, stop,
min_df, ng (n-gram max), bbcpol (BBC politics -> world / drop), bbcn (BBC
articles per label), cnnw (CNN copies), reuters (N Reuters-21578 articles as
business), n20 (20 Newsgroups groups mapped to labels).
Its view maker is a Python twin of datasets/models/stage-news.sh (same rules).
Usage: PRECIS_BUILD=build PRECIS_DATASETS=... python3 bench/news_sweep.py CONFIG...
Results of the runs that chose the settings: bench/results/news_sweep.txt.
"""
import os, re, glob, random
D = os.environ.get("PRECIS_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets"))
CNN_MAP = dict(business='business', health='health', politics='politics', showbiz='entertainment',
               sport='sport', tech='tech', world='world')
def read(p):
    b = open(p,'rb').read()
    try: return b.decode('utf-8')
    except UnicodeDecodeError: return b.decode('latin-1')
def split_article(t):
    lines = t.split('\n')
    title = lines[0].strip()
    paras = [l.strip() for l in lines[1:] if l.strip()]
    return title, paras
def bbc():
    out = []
    for p in sorted(glob.glob(D+'/bbc-news-summary/News Articles/*/*.txt')):
        lab = p.split('/')[-2]
        t, ps = split_article(read(p))
        out.append(dict(src='bbc', label=lab, title=t, paras=ps, id=p))
    return out
def cnn(cmap=CNN_MAP):
    idx = dict(l.split('\t') for l in open(D+'/cnn-corpus-dev/index.tsv').read().split('\n') if l)
    out = []
    for k, c in sorted(idx.items()):
        lab = cmap.get(c)
        if lab is None: continue
        t, ps = split_article(read(D+'/cnn-corpus-dev/articles/%s.txt' % k))
        out.append(dict(src='cnn', label=lab, cat=c, title=t, paras=ps, id=k))
    return out
def sentences(p): return [s for s in re.split(r'(?<=[.!?])\s+(?=["\'(]?[A-Z0-9])', p) if s]
def view(d, kind):
    t, ps = d['title'], d['paras']
    if kind == 'full': return t + '\n\n' + '\n\n'.join(ps)
    if kind == 'body': return '\n\n'.join(ps)
    if kind == 'short':
        s = sentences(ps[0])[0] if ps else ''
        return t + '\n\n' + s
    if kind == 'lead': return t + '\n\n' + (ps[0] if ps else '')
    if kind == 'title': return t
    raise ValueError(kind)
def reuters(n=None, seed=1):
    out = []
    for p in sorted(glob.glob(D+'/reuters21578/reut2-*.sgm')):
        s = open(p,'rb').read().decode('latin-1')
        for r in re.findall(r'<REUTERS(.*?)</REUTERS>', s, re.S):
            tops = re.findall(r'<D>(.*?)</D>', (re.search(r'<TOPICS>(.*?)</TOPICS>', r, re.S) or [None,''])[1] if re.search(r'<TOPICS>(.*?)</TOPICS>', r, re.S) else '')
            ti = re.search(r'<TITLE>(.*?)</TITLE>', r, re.S); bo = re.search(r'<BODY>(.*?)</BODY>', r, re.S)
            if not ti or not bo or not tops: continue
            body = re.sub(r'\s*Reuter\s*&#3;\s*$', '', bo.group(1)).replace('&lt;','<').replace('&amp;','&')
            paras = [re.sub(r'\s+',' ',x).strip() for x in re.split(r'\n\s{2,}|\n\n', body) if x.strip()]
            title = re.sub(r'\s+',' ',ti.group(1).replace('&lt;','<').replace('&amp;','&')).strip().title()
            out.append(dict(src='reuters', label='business', topics=tops, title=title, paras=paras, id=len(out)))
    random.Random(seed).shuffle(out)
    return out[:n] if n else out
def news20(split='train'):
    M = {'sci.med':'health','rec.sport.baseball':'sport','rec.sport.hockey':'sport',
         'comp.graphics':'tech','comp.sys.ibm.pc.hardware':'tech','comp.sys.mac.hardware':'tech','comp.windows.x':'tech','comp.os.ms-windows.misc':'tech',
         'talk.politics.mideast':'world'}
    out=[]
    for g, lab in M.items():
        for p in sorted(glob.glob(D+'/20news-bydate/20news-bydate-%s/%s/*' % (split, g))):
            t = read(p); h, _, b = t.partition('\n\n')
            m = re.search(r'^Subject:\s*(?:Re:\s*)*(.*)$', h, re.M)
            paras = [re.sub(r'\s+',' ',x).strip() for x in b.split('\n\n') if x.strip() and not x.lstrip().startswith('>')]
            if not paras: continue
            out.append(dict(src='20news', label=lab, title=m.group(1) if m else '', paras=paras, id=p))
    return out
# Cross-source experiments driven through precis-train itself (staged folders).
import os, sys, json, shutil, subprocess, random, collections, hashlib, tempfile
BUILD = os.environ.get('PRECIS_BUILD', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build'))
TRAIN = os.path.join(BUILD, 'train', 'precis-train')
INFER = os.path.join(BUILD, 'infer', 'precis-infer')
ST = tempfile.mkdtemp(prefix='precis-sweep.')
import atexit
atexit.register(shutil.rmtree, ST, True)
B0, C_ = bbc(), cnn()
_R = _N = None
def R():
    global _R
    if _R is None: _R = reuters()
    return _R
def N():
    global _N
    if _N is None: _N = news20()
    return _N
def write_dir(path, docs, views):
    if os.path.isdir(path): return path
    tmp = path + '.tmp'; shutil.rmtree(tmp, ignore_errors=True)
    for i, d in enumerate(docs):
        os.makedirs(os.path.join(tmp, d['label']), exist_ok=True)
        for v in views:
            open(os.path.join(tmp, d['label'], '%s-%d-%s.txt' % (d['src'], i, v)), 'w').write(view(d, v))
    os.rename(tmp, path)
    return path
def folds(k=5):
    rng = random.Random(7); by = collections.defaultdict(list)
    for i, d in enumerate(C_): by[d['label']].append(i)
    f = [0]*len(C_)
    for lab in sorted(by):
        idx = by[lab]; rng.shuffle(idx)
        for j, i in enumerate(idx): f[i] = j % k
    return f
def bbc_docs(cfg):
    B = [dict(d, label=cfg['bbcpol']) if (d['label']=='politics' and cfg.get('bbcpol')) else d for d in B0]
    B = [d for d in B if d['label'] != 'drop']
    if cfg.get('bbcn') is not None:
        cnt = collections.Counter(); keep = []
        for d in sorted(B, key=lambda d: hashlib.md5(d['id'].encode()).hexdigest()):
            if cnt[d['label']] < cfg['bbcn']: keep.append(d); cnt[d['label']] += 1
        B = keep
    return B
def extras(cfg):
    ex = []
    if cfg.get('reuters'): ex += R()[:cfg['reuters']]
    if cfg.get('n20'): ex += [d for d in N() if d['label'] in cfg['n20']]
    return ex
def key(*a): return hashlib.md5(json.dumps(a, sort_keys=True).encode()).hexdigest()[:10]
def train_test(train_dir, tests, cfg):
    out = {}
    args = [TRAIN, '-q', '-o', ST + '/m.model', '--C', str(cfg.get('C', 10))]
    if cfg.get('stop'): args += ['--stop-words', 'english']
    if cfg.get('min_df'): args += ['--min-df', str(cfg['min_df'])]
    if cfg.get('bal'): args += ['--class-weight', 'balanced']
    if cfg.get('ng'): args += ['--ngram', '1-%d' % cfg['ng']]
    if cfg.get('maxdf'): args += ['--max-df', str(cfg['maxdf'])]
    subprocess.run(args + [train_dir], check=True, stderr=subprocess.DEVNULL)
    for name, d in tests.items():
        subprocess.run([INFER, '-m', ST + '/m.model', '--eval', d, '--metrics', ST + '/m.json'],
                           capture_output=True, text=True)
        out[name] = open(ST + '/m.json').read()
    return out
def parse(js):
    try: return json.loads(js)
    except Exception:
        return None
def run(cfg):
    aug = ['full'] + cfg.get('aug', [])
    ex = extras(cfg); B = bbc_docs(cfg); f = folds()
    agg = collections.defaultdict(lambda: [0, 0])
    conf = collections.Counter(); ece0 = 0
    for k in range(5):
        trn = [d for i, d in enumerate(C_) if f[i] != k]; tst = [d for i, d in enumerate(C_) if f[i] == k]
        cw = cfg.get('cnnw', 1)
        td = write_dir('%s/A%s' % (ST, key(k, aug, cfg.get('bbcpol'), cfg.get('reuters'), cfg.get('n20'), cfg.get('bbcn'), cw)), B + [dict(d, src='cnn%d' % r) for r in range(cw) for d in trn] + ex, aug)
        tests = {v: write_dir('%s/T%d-%s' % (ST, k, v), tst, [v]) for v in ('full', 'short', 'body')}
        res = train_test(td, tests, cfg)
        for v, js in res.items():
            j = parse(js)
            agg[v][0] += round(j['accuracy'] * j['documents']); agg[v][1] += j['documents']
            if v == 'full' and k == 0: ece0 = j['ece']
            if v == 'short':
                for t, row in zip(j['labels'], j['confusion']):
                    for p, c in zip(j['labels'], row): conf[(t, p)] += c
    out = {('cnn_' + v): round(a / n, 4) for v, (a, n) in agg.items()}
    out['ece_full_f0'] = round(ece0, 4)
    out['short_world'] = round(conf[('world','world')] / sum(c for (t,p),c in conf.items() if t=='world'), 3)
    out['short_errs'] = [(t[:4]+'>'+p[:4], c) for (t,p), c in conf.most_common() if t != p][:5]
    # B: without BBC, test BBC
    td = write_dir('%s/B%s' % (ST, key(aug, cfg.get('reuters'), cfg.get('n20'))), C_ + ex, aug)
    tests = {v: write_dir('%s/BBC-%s-%s' % (ST, v, cfg.get('bbcpol')), B, [v]) for v in ('full', 'short')}
    res = train_test(td, tests, cfg)
    for v, js in res.items():
        j = parse(js); out['bbc_' + v] = round(j['accuracy'], 4)
    out['mean'] = round((out['cnn_full'] + out['cnn_short'] + out['bbc_full'] + out['bbc_short']) / 4, 4)
    return out
if __name__ == '__main__':
    for line in sys.argv[1:]:
        cfg = json.loads(line)
        print(json.dumps(cfg), json.dumps(run(cfg)), flush=True)
