"""Independent brute-force NAB scorer for the golden test (Lavin & Ahmad 2015 rules).

Every candidate threshold is tried directly (no sweep): detections are the rows after the
probationary period whose score is >= the threshold; each window counts its earliest detection
with the scaled sigmoid of its position, a window without one costs fnWeight, each detection
outside every window costs fpWeight times the scaled sigmoid of its distance past the closest
preceding window (-1 before any window). Normalised with null = -fnWeight * windows and
perfect = tpWeight * windows. Run: python3 nab_golden.py > golden.json
"""
import csv, json, math, os

HERE = os.path.dirname(os.path.abspath(__file__))


def ssig(x):
    return -1.0 if x > 3.0 else 2.0 / (1.0 + math.exp(5.0 * x)) - 1.0


def load(name):
    rows = list(csv.reader(open(os.path.join(HERE, 'data', name))))[1:]
    return [r[0] for r in rows]


def file_score(ts, scores, windows, thr, prof):
    n = len(ts)
    prob = min(math.floor(0.15 * n), 0.15 * 5000)
    bounds = []
    for a, b in windows:
        idx = [i for i, t in enumerate(ts) if a[:19] <= t <= b[:19]]
        bounds.append((idx[0], idx[-1]))
    det = [i for i in range(n) if i >= prob and scores[i] >= thr]
    total = 0.0
    for (a, b) in bounds:
        inside = [i for i in det if a <= i <= b]
        if inside:
            i = inside[0]
            total += prof['tpWeight'] * ssig(-(b - i + 1) / (b - a + 1)) / ssig(-1.0)
        else:
            total -= prof['fnWeight']
    for i in det:
        if any(a <= i <= b for a, b in bounds):
            continue
        prev = [(a, b) for a, b in bounds if b < i]
        if not prev:
            total -= prof['fpWeight']
        else:
            a, b = max(prev, key=lambda w: w[1])
            total += prof['fpWeight'] * ssig((i - b) / (b - a + 1 - 1))
    return total


def main():
    windows = json.load(open(os.path.join(HERE, 'windows.json')))
    profiles = json.load(open(os.path.join(HERE, 'profiles.json')))
    files = sorted(windows)
    data = {f: load(f) for f in files}
    scores = {f: [((i * 7919) % 1009) / 1009.0 for i in range(len(data[f]))] for f in files}
    nwin = sum(len(windows[f]) for f in files)
    out = {}
    for name, p in profiles.items():
        prof = p['CostMatrix']
        cands = sorted({s for f in files for s in scores[f]}, reverse=True)
        best, best_thr = -prof['fnWeight'] * nwin, None
        for thr in cands:
            raw = sum(file_score(data[f], scores[f], windows[f], thr, prof) for f in files)
            if raw > best + 1e-12:
                best, best_thr = raw, thr
        null, perfect = -prof['fnWeight'] * nwin, prof['tpWeight'] * nwin
        out[name] = {'threshold': best_thr, 'raw': best,
                     'normalized': 100 * (best - null) / (perfect - null)}
    print(json.dumps(out, indent=1))


main()
