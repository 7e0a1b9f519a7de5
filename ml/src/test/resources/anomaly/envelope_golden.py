"""Independent seasonal-envelope flags for SeasonalEnvelopeTest (run: python3 envelope_golden.py).

Series: the first 2016 rows (7 days) of NAB realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv
(copied to ec2_cpu_utilization_c6585a_7days.csv; MIT, Numenta; Ahmad et al., Neurocomputing
2017): a flat CPU series with a spike near 03:00 UTC every day. Written from the formulas of
SeasonalEnvelope's javadoc with D = 14 days, tolerance 0.1, memory 1000: n, centre and scale kept
in float32, each bound kept as its distance from the anchor (the centre at the last relaxation,
float32) in the 16-bit float of ml.stats.Float16
(sign, 6 exponent bits with bias 31, 9 mantissa bits, rounded half up from float32); values taken
in float32. Robust learning: the scale's step takes |x - c| at most LIMIT = 10 times the scale,
and a bound moves at most LIMIT times the envelope's widest reach on its side of the centre (at
least the scale) at once (computed here over every bucket, without the Java's shortcut).
For each row, before learning it: expected (0/1) and the distance of x to the nearer edge of the
widened envelope relative to 1 + |x| (negative outside; NaN when no bucket has been seen).
"""
import csv, math, os, struct
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
D, KAPPA, MEMORY, LIMIT = 14.0, 0.1, 1000, 10.0
FMAX = struct.unpack('f', struct.pack('f', 3.4028234663852886e38))[0]


def f32(v):
    v = max(-FMAX, min(FMAX, v))
    return struct.unpack('f', struct.pack('f', v))[0]


def f16(v):
    """The 16-bit value nearest v (as Float16.encode), returned decoded."""
    if math.isinf(v):
        return v
    bits = struct.unpack('>I', struct.pack('>f', f32(v)))[0]
    sign = -1.0 if bits >> 31 else 1.0
    magnitude = (bits & 0x7FFFFFFF) + (1 << 13)
    exponent = (magnitude >> 23) - 96
    if exponent <= 0:
        return sign * 0.0
    if exponent >= 63:
        exponent, mantissa = 62, 0x1FF
    else:
        mantissa = (magnitude >> 14) & 0x1FF
    return sign * (1 + mantissa / 512.0) * 2.0 ** (exponent - 31)


rows = list(csv.reader(open(os.path.join(HERE, 'ec2_cpu_utilization_c6585a_7days.csv'))))[1:]
upper, lower = [-math.inf] * 24, [math.inf] * 24  # distances from the anchor a
n, c, s, last_hour, a = 0, 0.0, 0.0, 0, 0.0
decay = math.exp(-1.0 / (24 * D))
out = ['row,expected,margin']
for i, (ts, value) in enumerate(rows):
    x = f32(float(value))  # values are taken in single precision
    t = int(datetime.strptime(ts, '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc).timestamp())
    b = (t % 86400) // 3600
    seen = [k % 24 for k in (b - 1, b, b + 1) if upper[k % 24] >= lower[k % 24]]
    if seen:
        u, l = max(upper[k] for k in seen), min(lower[k] for k in seen)
        hi, lo = c + (1 + KAPPA) * (a + u - c), c - (1 + KAPPA) * (c - a - l)
        margin = min(hi - x, x - lo) / (1 + abs(x))
        out.append('%d,%d,%.17g' % (i, 1 if lo <= x <= hi else 0, margin))
    else:
        out.append('%d,0,NaN' % i)
    hour = t // 3600
    n += 1
    if n == 1:
        c = f32(x)
        a = c
    else:
        if hour > last_hour:
            f = decay ** min(hour - last_hour, 24 * 3650)
            for k in range(24):
                if upper[k] >= lower[k]:
                    upper[k], lower[k] = f16((a - c + upper[k]) * f), f16((a - c + lower[k]) * f)
            a = c
        r = min(n, MEMORY)
        step = 2 * max(s, 1e-12 * (1 + abs(c))) / r
        c = f32(c + (math.copysign(1.0, x - c) * step if x != c else 0.0))
        d = min(abs(x - c), LIMIT * s) if s > 0 else abs(x - c)
        s = f32(s + (d - s) / r)
    last_hour = hour
    xa = x - a
    if xa > upper[b] or xa < lower[b]:
        # a bound moves at most LIMIT times the widest reach on its side (at least s) at once
        centre = c - a
        side = 1 if xa >= centre else -1
        bounds = upper if side > 0 else lower
        reach = max([s] + [side * (bounds[k] - centre) for k in range(24) if upper[k] >= lower[k]])
        if s > 0:
            xa = centre + side * min(side * (xa - centre), LIMIT * reach)
    if xa > upper[b]:
        upper[b] = f16(xa)
    if xa < lower[b]:
        lower[b] = f16(xa)
open(os.path.join(HERE, 'envelope_golden.csv'), 'w').write('\n'.join(out) + '\n')
