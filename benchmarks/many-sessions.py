#!/usr/bin/env python3
"""Many short sessions in the canonical trace format, for replay into the scaling job.

Usage: many-sessions.py N OUT.csv.gz

N entities of 2-4 hours (cpu_pct with a daily swing and noise, mem_pct steady with noise) at
5-minute steps, starts staggered over 6 hours from 2026-11-02, plus 8 "clock" entities over 44
hours that keep event time moving past the sessions' ends. Seeded by N. The job needs
-Dparser.max-past-skew=0 for it (its timestamps are in the past). BENCHMARKS.md, "10,000 sessions
through InfluxDB", used N = 10000."""
import sys, gzip, random, math, datetime
n = int(sys.argv[1]); out = sys.argv[2]
random.seed(n)
T0 = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.timezone.utc)
STEP = 300
START_SPREAD = 6 * 3600      # starts staggered over 6 h
CLOCK_H = 44                 # clock entities keep event time moving 44 h
rows = 0; samples = 0
def ts(s): return (T0 + datetime.timedelta(seconds=s)).strftime('%Y-%m-%dT%H:%M:%SZ')
with gzip.open(out, 'wt', compresslevel=6) as f:
    f.write('timestamp,entity,metric,value\n')
    for i in range(n):
        e = f's{i:06d}'
        start = random.randrange(0, START_SPREAD // STEP) * STEP
        life = random.randint(24, 48)        # 2..4 h of 5-minute samples
        base = random.uniform(10, 60); phase = random.uniform(0, 2*math.pi)
        mbase = random.uniform(20, 70)
        for k in range(life):
            t = start + k * STEP
            d = 1 + 0.3 * math.sin(2*math.pi*t/86400 + phase)
            c = min(100, max(0, base * d + random.gauss(0, base*0.1)))
            m = min(100, max(0, mbase + random.gauss(0, 2)))
            f.write(f'{ts(t)},{e},cpu_pct,{c:.2f}\n{ts(t)},{e},mem_pct,{m:.2f}\n')
            rows += 2; samples += 1
    for j in range(8):
        e = f'clock-{j}'
        for k in range(CLOCK_H * 12):
            t = k * STEP
            f.write(f'{ts(t)},{e},cpu_pct,{20+5*math.sin(2*math.pi*t/86400):.2f}\n')
            rows += 1; samples += 1
print(f'{out}: {n} entities + 8 clock, {rows} rows, {samples} samples (records)')
