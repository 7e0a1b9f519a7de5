"""Independent robust z-scores for RobustZScoreDetectorTest (run: python3 robust_z_golden.py).

Series: the first 400 rows of NAB realAWSCloudwatch/ec2_cpu_utilization_ac20cd.csv (MIT, Numenta;
Ahmad et al., Neurocomputing 2017). For each row once 32 earlier rows exist:
z = |x - median(w)| / max(1.4826 * MAD(w), D / 4, 1e-9 (1 + |median|)), w = the 32 rows before,
D = running mean of |x - median(w)| over the scored rows (memory 1000), updated after each row.
Writes row,z with 17 significant digits.
"""
import csv, os, statistics

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.reader(open(os.path.join(HERE, '..', 'nab', 'data', 'ec2_cpu_utilization_ac20cd.csv'))))[1:401]
x = [float(r[1]) for r in rows]
W, D, seen = 32, 0.0, 0
out = ['row,z']
for i in range(W, len(x)):
    w = x[i - W:i]
    med = statistics.median(w)
    mad = statistics.median([abs(v - med) for v in w])
    scale = max(1.4826 * mad, D / 4, 1e-9 * (1 + abs(med)))
    out.append('%d,%.17g' % (i, abs(x[i] - med) / scale))
    seen = min(seen + 1, 1000)
    D += (abs(x[i] - med) - D) / seen
open(os.path.join(HERE, 'robust_z_golden.csv'), 'w').write('\n'.join(out) + '\n')
