import sys, re, yaml
from pathlib import Path
CATS={'jargon','formula','long_sentence','passive','nominalisation','acronym','impersonal','negation','rare_word','style','readability','structure'}
W=r"[\w’']"
bad=0
from collections import Counter
tot=Counter()
for y in sorted(Path(sys.argv[1]).glob('*.yml')):
    d=yaml.safe_load(y.read_text())
    t=(y.parent/d['letter']).read_text()
    seen=set()
    for a in d['annotations'] or []:
        s=a['text']; occ=a.get('occurrence',1); c=a['category']; tot[c]+=1
        if c not in CATS: print(y.name,'BADCAT',c); bad+=1
        key=(s,occ,c)
        if key in seen: print(y.name,'DUP',s); bad+=1
        seen.add(key)
        pos=[m.start() for m in re.finditer('(?='+re.escape(s)+')',t)]
        if len(pos)<occ: print(y.name,'NOTFOUND',occ,len(pos),repr(s)); bad+=1; continue
        if len(pos)>1 and 'occurrence' not in a: print(y.name,'AMBIG',len(pos),repr(s))
        p=pos[occ-1]; e=p+len(s)
        if (p>0 and re.match(r'\w',t[p-1]) and re.match(r'\w',s[0])) or (e<len(t) and re.match(r'\w',t[e]) and re.match(r'\w',s[-1])):
            print(y.name,'MIDWORD',repr(s)); bad+=1
        if c=='long_sentence' and len(s.split())<=25: print(y.name,'SHORT LS',len(s.split()),s[:50]); bad+=1
    print(y.name, len(d['annotations'] or []))
print(dict(tot), sum(tot.values()), 'errors',bad)
