"""Independent seasonal-envelope flags for SeasonalEnvelopeTest (run: python3 envelope_golden.py).

Series: the first 2016 rows (7 days) of NAB realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv
(copied to ec2_cpu_utilization_c6585a_7days.csv; MIT, Numenta; Ahmad et al., Neurocomputing
2017): a flat CPU series with a spike near 03:00 UTC every day. Written from the formulas of
SeasonalEnvelope's javadoc with D = 14 days, tolerance 0.1, memory 1000, bounds kept in float32.
For each row, before learning it: expected (0/1) and the distance of x to the nearer edge of the
widened envelope relative to 1 + |x| (negative outside; NaN when no bucket has been seen).
"""
import csv, math, os, struct
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
D, KAPPA, MEMORY = 14.0, 0.1, 1000
FMAX = struct.unpack('f', struct.pack('f', 3.4028234663852886e38))[0]


def f32(v):
    v = max(-FMAX, min(FMAX, v))
    return struct.unpack('f', struct.pack('f', v))[0]


rows = list(csv.reader(open(os.path.join(HERE, 'ec2_cpu_utilization_c6585a_7days.csv'))))[1:]
upper, lower = [-FMAX] * 24, [FMAX] * 24
n, c, s, last_hour = 0, 0.0, 0.0, 0
decay = math.exp(-1.0 / (24 * D))
out = ['row,expected,margin']
for i, (ts, value) in enumerate(rows):
    x = float(value)
    t = int(datetime.strptime(ts, '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc).timestamp())
    b = (t % 86400) // 3600
    seen = [k % 24 for k in (b - 1, b, b + 1) if upper[k % 24] >= lower[k % 24]]
    if seen:
        u, l = max(upper[k] for k in seen), min(lower[k] for k in seen)
        hi, lo = c + (1 + KAPPA) * (u - c), c - (1 + KAPPA) * (c - l)
        margin = min(hi - x, x - lo) / (1 + abs(x))
        out.append('%d,%d,%.17g' % (i, 1 if lo <= x <= hi else 0, margin))
    else:
        out.append('%d,0,NaN' % i)
    hour = t // 3600
    n += 1
    if n == 1:
        c = x
    else:
        if hour > last_hour:
            f = decay ** min(hour - last_hour, 24 * 3650)
            for k in range(24):
                if upper[k] >= lower[k]:
                    upper[k], lower[k] = f32(c + (upper[k] - c) * f), f32(c + (lower[k] - c) * f)
        r = min(n, MEMORY)
        step = 2 * max(s, 1e-12 * (1 + abs(c))) / r
        c += math.copysign(1.0, x - c) * step if x != c else 0.0
        s += (abs(x - c) - s) / r
    last_hour = hour
    upper[b], lower[b] = max(upper[b], f32(x)), min(lower[b], f32(x))
open(os.path.join(HERE, 'envelope_golden.csv'), 'w').write('\n'.join(out) + '\n')
