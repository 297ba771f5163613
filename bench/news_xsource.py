"""Cross-source sweep behind the default news model, with a third outlet
(datasets/models/README.md, "How the settings were chosen").

Each configuration (JSON on the command line) is trained by precis-train on
staged label folders (bench/news_sweep.py's staging and view maker) and scored
by precis-infer --eval:
  cnn_full/short/body  5-fold CV over the 728 CNN articles of the seven labels,
                       BBC always in training (as published; headline + first
                       sentence; without the headline), ece_cnn_* its ECE;
  rt_*, ng_*, x3_*     outlets in neither BBC nor CNN, scored with each fold's
                       model (pooled): 1,000 Reuters-21578 ModApte TEST stories
                       (any topic) as business; 20 Newsgroups test posts,
                       300 per label: sci.med as health, rec.sport.* as sport,
                       comp.* hardware/graphics/X as tech,
                       talk.politics.mideast as world; full and short (subject
                       or title + first sentence). x3_* is the mean recall over
                       those five labels (Reuters' business, 20news' four);
  c2b_*                trained on CNN (and the configuration's extra sources),
                       tested on BBC;
  b2c_*                trained on BBC (and the extra sources), tested on
                       CNN's five labels that BBC has.
Keys (beside news_sweep.py's C, stop, min_df, ng, maxdf): bal (balanced class
weights, default 1), nosub (raw tf), maxf (--max-features), aug (views,
default short, lead, body), bbcpol (BBC politics -> world, the default, or
politics), hl (CNN's highlights, headline + highlights, as one more view of
each CNN training article), reuters (N Reuters-21578 ModApte TRAIN stories as
business), n20 (20 Newsgroups train groups as above, by label), n20n (posts per
label of those, sampled), third_folds (folds scored on the third outlet [5]). Configurations
that train on Reuters or 20 Newsgroups make those columns in-source, not third
outlet. C defaults to 30 here (the shipped recipe).
Usage: PRECIS_BUILD=build PRECIS_DATASETS=... python3 bench/news_xsource.py CONFIG...
Results: bench/results/news_xsource.txt (its first rows, round 1, scored 300
Reuters stories and 150 posts per label with the fold-0 model only).
"""
import sys, os, json, re, glob, random, collections, subprocess, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import news_sweep as S
D = S.D
def reuters_split(split):
    out = []
    for p in sorted(glob.glob(D+'/reuters21578/reut2-*.sgm')):
        s = open(p,'rb').read().decode('latin-1')
        for r in re.findall(r'<REUTERS(.*?)</REUTERS>', s, re.S):
            m = re.match(r'[^>]*LEWISSPLIT="(\w+)"', r)
            if not m or m.group(1) != split: continue
            tm = re.search(r'<TOPICS>(.*?)</TOPICS>', r, re.S)
            tops = re.findall(r'<D>(.*?)</D>', tm.group(1)) if tm else []
            ti = re.search(r'<TITLE>(.*?)</TITLE>', r, re.S); bo = re.search(r'<BODY>(.*?)</BODY>', r, re.S)
            if not ti or not bo or not tops: continue
            body = re.sub(r'\s*Reuter\s*&#3;\s*$', '', bo.group(1)).replace('&lt;','<').replace('&amp;','&')
            paras = [re.sub(r'\s+',' ',x).strip() for x in re.split(r'\n\s{2,}|\n\n', body) if x.strip()]
            title = re.sub(r'\s+',' ',ti.group(1).replace('&lt;','<').replace('&amp;','&')).strip().title()
            out.append(dict(src='reuters', label='business', topics=tops, title=title, paras=paras, id=len(out)))
    return out
M20 = {'sci.med':'health','rec.sport.baseball':'sport','rec.sport.hockey':'sport',
 'comp.graphics':'tech','comp.sys.ibm.pc.hardware':'tech','comp.sys.mac.hardware':'tech','comp.windows.x':'tech',
 'talk.politics.mideast':'world'}
def n20(split):
    out=[]
    for g, lab in M20.items():
        for p in sorted(glob.glob(D+'/20news-bydate/20news-bydate-%s/%s/*' % (split, g))):
            t = S.read(p); h, _, b = t.partition('\n\n')
            m = re.search(r'^Subject:\s*(?:Re:\s*)*(.*)$', h, re.M)
            paras = [re.sub(r'\s+',' ',x).strip() for x in b.split('\n\n') if x.strip() and not x.lstrip().startswith('>') and not re.search(r'writes:\s*$', x.strip())]
            if not paras: continue
            out.append(dict(src='20news', label=lab, title=m.group(1) if m else '', paras=paras, id=p))
    return out
def sample(docs, per, seed=3):
    by = collections.defaultdict(list)
    for d in docs: by[d['label']].append(d)
    out = []
    for lab in sorted(by):
        x = by[lab][:]; random.Random(seed).shuffle(x); out += x[:per]
    return out
RT = sample(reuters_split('TEST'), 1000)
NT = sample(n20('test'), 300)
B0, C_ = S.B0, S.C_
for d in C_:
    hp = D + '/cnn-corpus-dev/highlights/%s.txt' % d['id']
    d['hl'] = [l.strip() for l in S.read(hp).split('\n') if l.strip()] if os.path.exists(hp) else []
_view0 = S.view
def view2(d, kind):
    if kind == 'hl':
        return d['title'] + '\n\n' + ' '.join(d.get('hl') or d['paras'][:1])
    return _view0(d, kind)
S.view = view2
def train_test(train_dir, tests, cfg):
    ST = S.ST; out = {}
    args = [S.TRAIN, '-q', '-o', ST + '/m.model', '--C', str(cfg.get('C', 30))]
    if cfg.get('stop'): args += ['--stop-words', 'english']
    if cfg.get('min_df'): args += ['--min-df', str(cfg['min_df'])]
    if cfg.get('bal', 1): args += ['--class-weight', 'balanced']
    if cfg.get('ng'): args += ['--ngram', '1-%d' % cfg['ng']]
    if cfg.get('maxdf'): args += ['--max-df', str(cfg['maxdf'])]
    if cfg.get('nosub'): args += ['--no-sublinear-tf']
    if cfg.get('maxf'): args += ['--max-features', str(cfg['maxf'])]
    subprocess.run(args + [train_dir], check=True, stderr=subprocess.DEVNULL)
    for name, d in tests.items():
        subprocess.run([S.INFER, '-m', ST + '/m.model', '--eval', d, '--metrics', ST + '/m.json'], capture_output=True, text=True)
        out[name] = open(ST + '/m.json').read()
    return out
S.train_test = train_test
def run(cfg):
    ST = S.ST
    aug = ['full'] + cfg.get('aug', ['short','lead','body'])
    ex = []
    if cfg.get('reuters'): ex += sample(reuters_split('TRAIN'), cfg['reuters'], 5)
    if cfg.get('n20'): ex += sample([d for d in n20('train') if d['label'] in cfg['n20']], cfg.get('n20n', 100000), 11)
    B = S.bbc_docs(dict(cfg, bbcpol=cfg.get('bbcpol','world')))
    f = S.folds()
    third = {}
    for nm, docs in (('rt', RT), ('ng', NT)):
        for v in ('full','short'):
            third[nm+'_'+v] = S.write_dir('%s/X-%s-%s' % (ST, nm, v), docs, [v])
    agg = collections.defaultdict(lambda: [0,0]); conf = collections.Counter(); eces = collections.defaultdict(list)
    rec = collections.defaultdict(lambda: [0,0])
    for k in range(5):
        trn = [d for i, d in enumerate(C_) if f[i] != k]; tst = [d for i, d in enumerate(C_) if f[i] == k]
        td = S.write_dir('%s/A%s' % (ST, S.key(k, aug, cfg.get('bbcpol','world'), cfg.get('reuters'), cfg.get('n20'), cfg.get('n20n'), cfg.get('bbcn'), cfg.get('hl'))), B + trn + ex, aug)
        if cfg.get('hl'):
            hd = S.write_dir('%s/H%d' % (ST, k), trn, ['hl'])
            for lab in os.listdir(hd):
                for fn in os.listdir(os.path.join(hd, lab)):
                    dst = os.path.join(td, lab, 'h' + fn)
                    if not os.path.exists(dst): os.link(os.path.join(hd, lab, fn), dst)
        tests = {('cnn_'+v): S.write_dir('%s/T%d-%s' % (ST, k, v), tst, [v]) for v in ('full','short','body')}
        if k < cfg.get('third_folds', 5): tests.update(third)
        res = S.train_test(td, tests, cfg)
        for v, js in res.items():
            j = json.loads(js)
            agg[v][0] += round(j['accuracy']*j['documents']); agg[v][1] += j['documents']
            eces[v].append(j['ece'])
            if v in ('cnn_full',):
                for t, row in zip(j['labels'], j['confusion']):
                    for p, c in zip(j['labels'], row): conf[(t,p)] += c
            if v.startswith(('rt','ng')):
                for t, row in zip(j['labels'], j['confusion']):
                    rec[(v[3:], t)][0] += row[j['labels'].index(t)]; rec[(v[3:], t)][1] += sum(row)
    out = {v: round(a/n,4) for v,(a,n) in sorted(agg.items())}
    out['ece_cnn_full'] = round(sum(eces['cnn_full'])/5,4)
    out['ece_cnn_short'] = round(sum(eces['cnn_short'])/5,4)
    # third-outlet: mean recall over labels (business from reuters; others 20news)
    for v in ('full','short'):
        rs = [rec[(v,t)][0]/rec[(v,t)][1] for t in ('business','sport','health','tech','world') if rec[(v,t)][1]]
        out['x3_'+v] = round(sum(rs)/len(rs),4)
        out['x3_'+v+'_rec'] = {t[:4]: round(rec[(v,t)][0]/rec[(v,t)][1],2) for t in ('business','sport','health','tech','world') if rec[(v,t)][1]}
    out['cnn_errs'] = [(t[:4]+'>'+p[:4], c) for (t,p),c in conf.most_common() if t!=p][:6]
    if cfg.get('xsrc', 1):
        td = S.write_dir('%s/B%s' % (ST, S.key(aug, cfg.get('reuters'), cfg.get('n20'), cfg.get('n20n'))), C_ + ex, aug)
        tests = {v: S.write_dir('%s/BBC-%s' % (ST, v), B, [v]) for v in ('full','short')}
        res = S.train_test(td, tests, cfg)
        for v, js in res.items(): out['c2b_'+v] = round(json.loads(js)['accuracy'],4)
        Cs = [d for d in C_ if d['label'] not in ('health','politics')]
        td = S.write_dir('%s/Bo%s' % (ST, S.key(aug, cfg.get('bbcpol','world'), cfg.get('reuters'), cfg.get('n20'), cfg.get('n20n'))), B + ex, aug)
        tests = {v: S.write_dir('%s/CNNo-%s' % (ST, v), Cs, [v]) for v in ('full','short')}
        res = S.train_test(td, tests, cfg)
        for v, js in res.items(): out['b2c_'+v] = round(json.loads(js)['accuracy'],4)
    return out
if __name__ == '__main__':
    for line in sys.argv[1:]:
        cfg = json.loads(line)
        print(json.dumps(cfg), json.dumps(run(cfg)), flush=True)
