using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace ModelGen.Trees;

/// <summary>What a split maximizes.</summary>
internal enum SplitObjective
{
    /// <summary>Gini impurity decrease; per row, G is the weighted positive count and H the weight.</summary>
    Gini,

    /// <summary>Entropy decrease (information gain); G and H as for Gini.</summary>
    Entropy,

    /// <summary>
    /// The second-order gain of gradient boosting, <c>G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)</c>, with G and H the sums of
    /// the loss's gradients and Hessians (XGBoost's and LightGBM's objective).
    /// </summary>
    Newton,
}

/// <summary>The limits one tree grows within.</summary>
internal sealed record GrowthLimits(
    SplitObjective Objective,
    int MaxDepth,
    int MaxLeaves,
    int MinSamplesLeaf,
    int MinSamplesSplit,
    double MinChildWeight,
    double L2,
    double LeafScale,
    int FeaturesPerSplit,
    TreeGrowth Growth);

/// <summary>
/// Grows one tree on binned data from per-row statistics (G, H and a count), with histograms: a node's histogram sums
/// each feature's rows per bin, the best split is a scan over each feature's bins trying missing values on both sides,
/// and a child's histogram is its parent's minus its smaller sibling's, which is the only one built from rows. Rows are
/// partitioned in place (stable, so each node's rows stay in ascending order and the bin reads run forward); histogram
/// buffers come from a pool, so growing allocates nothing per node or split after the first tree.
/// </summary>
/// <remarks>
/// Generic over the bin type: one byte a value when every feature has at most 255 bins (the ensembles' default), two when a
/// single tree asks for exact splits; the JIT compiles each instantiation with its own element width.
/// </remarks>
internal sealed class TreeGrower<TBin> : ITreeGrower
    where TBin : unmanaged, System.Numerics.IBinaryInteger<TBin>
{
    private readonly TBin[] _bins;
    private readonly int _rows;
    private readonly int _features;
    private readonly FeatureBins _binning;
    private readonly Stack<double[]> _pool = new();
    private readonly int _poolLimit;
    private int[] _order = Array.Empty<int>();
    private int[] _scratch = Array.Empty<int>();
    private int[] _subset = Array.Empty<int>();
    private double[] _gathered = Array.Empty<double>();

    /// <summary>Whether histograms sum row counts: only rows of a multiplicity (bootstrap) or <c>MinSamplesLeaf</c> above 1 need them.</summary>
    private bool _counting;

    /// <summary>Doubles per histogram bin: G and H, and the count when <see cref="_counting"/>.</summary>
    private int _stride = 3;
    private readonly int[] _sortKeys = new int[SmallNode];
    private readonly int[] _sortRows = new int[SmallNode];

    private readonly float[] _values;

    /// <summary>
    /// A grower over <paramref name="bins"/> and the raw <paramref name="values"/>, both column-major (a split reads one
    /// feature of the node's rows in ascending order); the raw values place each threshold midway between the node's
    /// closest values on either side, as CART does, rather than at the bin's global edge.
    /// </summary>
    public TreeGrower(TBin[] bins, float[] values, int rows, int features, FeatureBins binning, long histogramBudgetBytes = 256L << 20)
    {
        _bins = bins;
        _values = values;
        _rows = rows;
        _features = features;
        _binning = binning;
        _poolLimit = (int)Math.Max(4, histogramBudgetBytes / ((long)binning.TotalBins * 3 * sizeof(double)));
    }

    /// <summary>Peak bytes the histograms held, for the benchmark's memory report.</summary>
    public long PeakHistogramBytes { get; private set; }

    private int _histogramsOut;

    /// <summary>
    /// Grows a tree on the rows with a non-zero <paramref name="count"/> and appends its nodes to <paramref name="tree"/>;
    /// <paramref name="features"/> lists the columns this tree may use (all, or a column sample). Adds each split's gain
    /// to <paramref name="gains"/> by feature.
    /// </summary>
    public void Grow(double[] g, double[] h, float[] count, ReadOnlySpan<int> features, GrowthLimits limits, TreeBuilder tree, double[] gains, ref SeededRandom rng)
    {
        int present = 0;
        if (_order.Length < _rows)
        {
            _order = new int[_rows];
            _scratch = new int[_rows];
            _subset = new int[_features];
        }

        for (int r = 0; r < _rows; r++)
        {
            if (count[r] > 0)
            {
                _order[present++] = r;
            }
        }

        bool perSplitSampling = limits.FeaturesPerSplit < features.Length;
        _counting = limits.MinSamplesLeaf > 1;
        foreach (float c in count)
        {
            _counting |= c > 1;
        }

        _stride = _counting ? 3 : 2;

        var root = new Node(0, present, 0);
        Sum(g, h, count, ref root);
        root.Index = tree.AddLeaf(LeafValue(root, limits));
        if (!perSplitSampling)
        {
            root.Histogram = Rent();
            Build(root, features, g, h, count, root.Histogram);
        }

        FindSplit(ref root, features, limits, g, h, count, ref rng);
        var frontier = new List<Node> { root };
        int leaves = 1;
        int maxLeaves = limits.MaxLeaves > 0 ? limits.MaxLeaves : int.MaxValue;
        while (frontier.Count > 0 && leaves < maxLeaves)
        {
            int pick = Pick(frontier, limits.Growth);
            Node node = frontier[pick];
            frontier.RemoveAt(pick);
            if (node.Feature < 0)
            {
                Return(node.Histogram);
                continue;
            }

            int split = Partition(node);
            // Without counting, every row counts once: a child's count is its row count.
            double leftCount = _counting ? node.LeftC : split - node.Start;
            var left = new Node(node.Start, split, node.Depth + 1) { G = node.LeftG, H = node.LeftH, C = leftCount };
            var right = new Node(split, node.End, node.Depth + 1) { G = node.G - node.LeftG, H = node.H - node.LeftH, C = node.C - leftCount };
            float threshold = Threshold(node, split);
            left.Index = tree.AddLeaf(LeafValue(left, limits));
            right.Index = tree.AddLeaf(LeafValue(right, limits));
            tree.MakeSplit(node.Index, node.Feature, threshold, node.MissingLeft, left.Index, right.Index);
            gains[node.Feature] += node.Gain;
            leaves++;

            if (!perSplitSampling && node.Histogram is not null)
            {
                // Build the child with fewer rows, subtract it from the parent's histogram for the other.
                bool leftSmaller = left.End - left.Start <= right.End - right.Start;
                ref Node small = ref leftSmaller ? ref left : ref right;
                ref Node large = ref leftSmaller ? ref right : ref left;
                small.Histogram = Rent();
                Build(small, features, g, h, count, small.Histogram);
                large.Histogram = node.Histogram;
                Subtract(large.Histogram, small.Histogram, features);
                node.Histogram = null;
            }

            Return(node.Histogram);
            Enqueue(left, features, limits, g, h, count, frontier, ref rng);
            Enqueue(right, features, limits, g, h, count, frontier, ref rng);
        }

        foreach (Node node in frontier)
        {
            Return(node.Histogram);
        }
    }

    /// <summary>Finds a new node's best split and keeps it in the frontier when it has one.</summary>
    private void Enqueue(Node node, ReadOnlySpan<int> features, GrowthLimits limits, double[] g, double[] h, float[] count, List<Node> frontier, ref SeededRandom rng)
    {
        FindSplit(ref node, features, limits, g, h, count, ref rng);
        if (node.Feature >= 0)
        {
            frontier.Add(node);
        }
        else
        {
            Return(node.Histogram);
        }
    }

    /// <summary>Leaf-wise: the frontier's best gain; depth-wise: the shallowest node, oldest first.</summary>
    private static int Pick(List<Node> frontier, TreeGrowth growth)
    {
        int best = 0;
        for (int i = 1; i < frontier.Count; i++)
        {
            bool better = growth == TreeGrowth.LeafWise
                ? frontier[i].Gain > frontier[best].Gain
                : frontier[i].Depth < frontier[best].Depth;
            if (better)
            {
                best = i;
            }
        }

        return best;
    }

    private void Sum(double[] g, double[] h, float[] count, ref Node node)
    {
        double sg = 0, sh = 0, sc = 0;
        for (int i = node.Start; i < node.End; i++)
        {
            int r = _order[i];
            sg += g[r];
            sh += h[r];
            sc += count[r];
        }

        node.G = sg;
        node.H = sh;
        node.C = sc;
    }

    private static float LeafValue(Node node, GrowthLimits limits) => limits.Objective == SplitObjective.Newton
        ? (float)(-node.G / (node.H + limits.L2) * limits.LeafScale)
        : (float)(node.H > 0 ? node.G / node.H : 0);

    /// <summary>
    /// Sums each listed feature's rows of <paramref name="node"/> per bin into <paramref name="histogram"/>. The node's G
    /// and H are gathered once into row order, then four features share each row's loads; the count is summed only when
    /// a constraint needs it (rows with a multiplicity, or <c>MinSamplesLeaf</c> above 1).
    /// </summary>
    private void Build(Node node, ReadOnlySpan<int> features, double[] g, double[] h, float[] count, double[] histogram)
    {
        int rows = node.End - node.Start;
        if (_gathered.Length < 3 * rows)
        {
            _gathered = new double[3 * _rows];
        }

        Span<double> gathered = _gathered.AsSpan(0, 3 * rows);
        ReadOnlySpan<int> order = _order.AsSpan(node.Start, rows);
        for (int i = 0; i < rows; i++)
        {
            int r = order[i];
            gathered[3 * i] = g[r];
            gathered[3 * i + 1] = h[r];
            gathered[3 * i + 2] = count[r];
        }

        int k = 0;
        for (; k + 4 <= features.Length; k += 4)
        {
            int f0 = features[k], f1 = features[k + 1], f2 = features[k + 2], f3 = features[k + 3];
            Span<double> s0 = Segment(histogram, f0), s1 = Segment(histogram, f1), s2 = Segment(histogram, f2), s3 = Segment(histogram, f3);
            s0.Clear();
            s1.Clear();
            s2.Clear();
            s3.Clear();
            ReadOnlySpan<TBin> c0 = _bins.AsSpan(f0 * _rows, _rows), c1 = _bins.AsSpan(f1 * _rows, _rows);
            ReadOnlySpan<TBin> c2 = _bins.AsSpan(f2 * _rows, _rows), c3 = _bins.AsSpan(f3 * _rows, _rows);
            if (!_counting)
            {
                // Unit counts and no MinSamplesLeaf above 1: nothing reads the count slots, so they are not summed.
                for (int i = 0; i < rows; i++)
                {
                    int r = order[i];
                    double gi = gathered[3 * i], hi = gathered[3 * i + 1];
                    int b0 = 2 * int.CreateTruncating(c0[r]), b1 = 2 * int.CreateTruncating(c1[r]);
                    int b2 = 2 * int.CreateTruncating(c2[r]), b3 = 2 * int.CreateTruncating(c3[r]);
                    s0[b0] += gi;
                    s0[b0 + 1] += hi;
                    s1[b1] += gi;
                    s1[b1 + 1] += hi;
                    s2[b2] += gi;
                    s2[b2 + 1] += hi;
                    s3[b3] += gi;
                    s3[b3 + 1] += hi;
                }

                continue;
            }

            for (int i = 0; i < rows; i++)
            {
                int r = order[i];
                double gi = gathered[3 * i], hi = gathered[3 * i + 1], ci = gathered[3 * i + 2];
                int b0 = 3 * int.CreateTruncating(c0[r]), b1 = 3 * int.CreateTruncating(c1[r]);
                int b2 = 3 * int.CreateTruncating(c2[r]), b3 = 3 * int.CreateTruncating(c3[r]);
                s0[b0] += gi;
                s0[b0 + 1] += hi;
                s0[b0 + 2] += ci;
                s1[b1] += gi;
                s1[b1 + 1] += hi;
                s1[b1 + 2] += ci;
                s2[b2] += gi;
                s2[b2 + 1] += hi;
                s2[b2 + 2] += ci;
                s3[b3] += gi;
                s3[b3 + 1] += hi;
                s3[b3 + 2] += ci;
            }
        }

        for (; k < features.Length; k++)
        {
            int f = features[k];
            Span<double> bins = Segment(histogram, f);
            bins.Clear();
            ReadOnlySpan<TBin> column = _bins.AsSpan(f * _rows, _rows);
            for (int i = 0; i < rows; i++)
            {
                int b = _stride * int.CreateTruncating(column[order[i]]);
                bins[b] += gathered[3 * i];
                bins[b + 1] += gathered[3 * i + 1];
                if (_counting)
                {
                    bins[b + 2] += gathered[3 * i + 2];
                }
            }
        }
    }

    private void Subtract(double[] target, double[] sibling, ReadOnlySpan<int> features)
    {
        foreach (int f in features)
        {
            Span<double> t = Segment(target, f);
            ReadOnlySpan<double> s = Segment(sibling, f);
            for (int i = 0; i < t.Length; i++)
            {
                t[i] -= s[i];
            }
        }
    }

    /// <summary>Records the node's best split, or feature −1 when no split is allowed or gains anything.</summary>
    private void FindSplit(ref Node node, ReadOnlySpan<int> features, GrowthLimits limits, double[] g, double[] h, float[] count, ref SeededRandom rng)
    {
        node.Feature = -1;
        node.Gain = 0;
        int rows = node.End - node.Start;
        if ((limits.MaxDepth > 0 && node.Depth >= limits.MaxDepth) || rows < limits.MinSamplesSplit || node.C < 2 * limits.MinSamplesLeaf
            || node.H < 2 * limits.MinChildWeight
            || (limits.Objective != SplitObjective.Newton && (node.G <= 1e-12 * node.H || node.G >= node.H * (1 - 1e-12))))
        {
            return;
        }

        ReadOnlySpan<int> candidates = features;
        double[]? histogram = node.Histogram;
        if (limits.FeaturesPerSplit < features.Length)
        {
            // A random forest's split draws its own features (a partial Fisher-Yates shuffle) and sums only those.
            features.CopyTo(_subset);
            for (int i = 0; i < limits.FeaturesPerSplit; i++)
            {
                int j = i + rng.NextInt(features.Length - i);
                (_subset[i], _subset[j]) = (_subset[j], _subset[i]);
            }

            candidates = _subset.AsSpan(0, limits.FeaturesPerSplit);
            if (rows <= SmallNode)
            {
                ScanSorted(ref node, candidates, g, h, count, limits);
                return;
            }

            histogram = Rent();
            Build(node, candidates, g, h, count, histogram);
        }

        double parent = Score(node.G, node.H, limits);
        foreach (int f in candidates)
        {
            ReadOnlySpan<double> bins = Segment(histogram!, f);
            int valueBins = _binning.ValueBins(f);
            int missing = valueBins * _stride;
            double mg = bins[missing], mh = bins[missing + 1], mc = _counting ? bins[missing + 2] : 0;
            bool hasMissing = _counting ? mc > 0 : mh > 0;
            double lg = 0, lh = 0, lc = 0;
            for (int b = 0; b < valueBins; b++)
            {
                lg += bins[b * _stride];
                lh += bins[b * _stride + 1];
                lc += _counting ? bins[b * _stride + 2] : 0;
                // The last value bin splits values from missing ones only, and only when there are missing ones.
                if (b == valueBins - 1 && !hasMissing)
                {
                    break;
                }

                Consider(ref node, f, b, missingLeft: false, lg, lh, lc, parent, limits);
                if (hasMissing)
                {
                    Consider(ref node, f, b, missingLeft: true, lg + mg, lh + mh, lc + mc, parent, limits);
                }
            }
        }

        if (!ReferenceEquals(histogram, node.Histogram))
        {
            Return(histogram);
        }
    }

    /// <summary>
    /// Nodes of at most this many rows, drawing their own features, skip the histogram: clearing and scanning every bin of
    /// each drawn feature cost more than sorting the node's few rows by bin (a random forest's deep nodes).
    /// </summary>
    private const int SmallNode = 64;

    /// <summary>
    /// The histogram scan of <see cref="FindSplit"/> over only the bins the node's rows occupy: the rows sorted by bin,
    /// a candidate at the last row of each bin, missing values tried on both sides. The candidates, their order and so
    /// the chosen split are the histogram scan's (an empty bin repeats its predecessor's partition and never wins a tie).
    /// </summary>
    private void ScanSorted(ref Node node, ReadOnlySpan<int> candidates, double[] g, double[] h, float[] count, GrowthLimits limits)
    {
        int rows = node.End - node.Start;
        Span<int> keys = _sortKeys.AsSpan(0, rows);
        Span<int> rowsByBin = _sortRows.AsSpan(0, rows);
        double parent = Score(node.G, node.H, limits);
        foreach (int f in candidates)
        {
            ReadOnlySpan<TBin> column = _bins.AsSpan(f * _rows, _rows);
            int valueBins = _binning.ValueBins(f);
            double mg = 0, mh = 0, mc = 0;
            int present = 0;
            for (int i = node.Start; i < node.End; i++)
            {
                int r = _order[i];
                int b = int.CreateTruncating(column[r]);
                if (b == valueBins)
                {
                    mg += g[r];
                    mh += h[r];
                    mc += count[r];
                    continue;
                }

                keys[present] = b;
                rowsByBin[present++] = r;
            }

            keys[..present].Sort(rowsByBin[..present]);
            double lg = 0, lh = 0, lc = 0;
            for (int i = 0; i < present; i++)
            {
                int r = rowsByBin[i];
                lg += g[r];
                lh += h[r];
                lc += count[r];
                if (i + 1 < present && keys[i + 1] == keys[i])
                {
                    continue;
                }

                bool last = i + 1 == present;
                if (last && mc <= 0)
                {
                    break;
                }

                Consider(ref node, f, keys[i], missingLeft: false, lg, lh, lc, parent, limits);
                if (mc > 0)
                {
                    Consider(ref node, f, keys[i], missingLeft: true, lg + mg, lh + mh, lc + mc, parent, limits);
                }
            }
        }
    }

    private void Consider(ref Node node, int feature, int bin, bool missingLeft, double lg, double lh, double lc, double parent, GrowthLimits limits)
    {
        double rg = node.G - lg, rh = node.H - lh, rc = node.C - lc;
        if ((_counting && (lc < limits.MinSamplesLeaf || rc < limits.MinSamplesLeaf)) || lh < limits.MinChildWeight || rh < limits.MinChildWeight || lh <= 0 || rh <= 0)
        {
            return;
        }

        double gain = Score(lg, lh, limits) + Score(rg, rh, limits) - parent;
        // Ties keep the first split found (lowest feature, lowest bin), so training is deterministic.
        if (gain > node.Gain + 1e-12 * Math.Abs(parent))
        {
            node.Gain = gain;
            node.Feature = feature;
            node.Bin = bin;
            node.MissingLeft = missingLeft;
            node.LeftG = lg;
            node.LeftH = lh;
            node.LeftC = lc;
        }
    }

    /// <summary>What a node of these sums contributes to the objective: higher is better, so a split's gain is children minus parent.</summary>
    private static double Score(double g, double h, GrowthLimits limits)
    {
        switch (limits.Objective)
        {
            case SplitObjective.Newton:
                return g * g / (h + limits.L2);
            case SplitObjective.Gini:
                // −W·gini = −W·2p(1 − p), with p = G/H.
                return -2 * g * (h - g) / h;
            default:
                double p = g / h;
                return h * (Entropy(p) + Entropy(1 - p));
        }

        static double Entropy(double p) => p <= 0 ? 0 : p * Math.Log2(p);
    }

    /// <summary>Feature <paramref name="feature"/>'s bins in a histogram: (G, H, count) per bin, its missing bin last.</summary>
    private Span<double> Segment(double[] histogram, int feature) =>
        histogram.AsSpan(_binning.Offsets[feature] * _stride, (_binning.ValueBins(feature) + 1) * _stride);

    /// <summary>
    /// The split's raw threshold after partitioning: midway between the largest value sent left and the smallest sent
    /// right (missing values aside), or +∞ when only missing values go right. It separates the training rows exactly as
    /// the bin edge does.
    /// </summary>
    private float Threshold(Node node, int split)
    {
        float largestLeft = float.NegativeInfinity, smallestRight = float.PositiveInfinity;
        int f = node.Feature;
        for (int i = node.Start; i < node.End; i++)
        {
            float x = _values[f * _rows + _order[i]];
            if (float.IsNaN(x))
            {
                continue;
            }

            if (i < split)
            {
                largestLeft = Math.Max(largestLeft, x);
            }
            else
            {
                smallestRight = Math.Min(smallestRight, x);
            }
        }

        if (float.IsPositiveInfinity(smallestRight) || float.IsNegativeInfinity(largestLeft))
        {
            return _binning.Threshold(f, node.Bin);
        }

        float mid = (float)((largestLeft + (double)smallestRight) / 2);
        return mid >= smallestRight ? largestLeft : mid;
    }

    /// <summary>Stable partition of the node's rows by its split; returns where the right child starts.</summary>
    private int Partition(Node node)
    {
        ReadOnlySpan<TBin> column = _bins.AsSpan(node.Feature * _rows, _rows);
        int missingBin = _binning.ValueBins(node.Feature);
        int left = node.Start, right = 0;
        for (int i = node.Start; i < node.End; i++)
        {
            int r = _order[i];
            int b = int.CreateTruncating(column[r]);
            bool goesLeft = b == missingBin ? node.MissingLeft : b <= node.Bin;
            if (goesLeft)
            {
                _order[left++] = r;
            }
            else
            {
                _scratch[right++] = r;
            }
        }

        _scratch.AsSpan(0, right).CopyTo(_order.AsSpan(left));
        return left;
    }

    private double[] Rent()
    {
        _histogramsOut++;
        PeakHistogramBytes = Math.Max(PeakHistogramBytes, (long)_histogramsOut * _binning.TotalBins * 3 * sizeof(double));
        return _pool.Count > 0 ? _pool.Pop() : new double[_binning.TotalBins * 3];
    }

    private void Return(double[]? histogram)
    {
        if (histogram is null)
        {
            return;
        }

        _histogramsOut--;
        if (_pool.Count < _poolLimit)
        {
            _pool.Push(histogram);
        }
    }

    /// <summary>A node while it grows: its rows, sums, best split and histogram.</summary>
    private struct Node(int start, int end, int depth)
    {
        public int Start = start, End = end, Depth = depth, Index;
        public double G, H, C;
        public int Feature = -1, Bin;
        public bool MissingLeft;
        public double Gain, LeftG, LeftH, LeftC;
        public double[]? Histogram;
    }
}

/// <summary>A tree grower whatever its bin width.</summary>
internal interface ITreeGrower
{
    /// <summary>Peak bytes the histograms held.</summary>
    long PeakHistogramBytes { get; }

    /// <summary>Grows one tree; see <see cref="TreeGrower{TBin}.Grow"/>.</summary>
    void Grow(double[] g, double[] h, float[] count, ReadOnlySpan<int> features, GrowthLimits limits, TreeBuilder tree, double[] gains, ref SeededRandom rng);
}

/// <summary>Collects one ensemble's nodes in the flat layout of <see cref="TreeEnsemble"/>, tree after tree.</summary>
internal sealed class TreeBuilder
{
    private readonly List<int> _feature = new();
    private readonly List<float> _threshold = new();
    private readonly List<int> _left = new();
    private readonly List<int> _right = new();
    private readonly List<bool> _missingLeft = new();
    private readonly List<float> _value = new();
    private readonly List<int> _roots = new();

    /// <summary>Starts a new tree: its first node will be its root.</summary>
    public void BeginTree() => _roots.Add(_feature.Count);

    public int AddLeaf(float value)
    {
        _feature.Add(-1);
        _threshold.Add(0f);
        _left.Add(-1);
        _right.Add(-1);
        _missingLeft.Add(false);
        _value.Add(value);
        return _feature.Count - 1;
    }

    public void MakeSplit(int node, int feature, float threshold, bool missingLeft, int left, int right)
    {
        _feature[node] = feature;
        _threshold[node] = threshold;
        _missingLeft[node] = missingLeft;
        _left[node] = left;
        _right[node] = right;
    }

    /// <summary>Trees begun so far.</summary>
    public int TreeCount => _roots.Count;

    public TreeEnsemble Build(int inputSize, TreeCombination combination, float baseScore, float normalizer, float[] gains) =>
        new(inputSize, combination, baseScore, normalizer, _feature.ToArray(), _threshold.ToArray(), _left.ToArray(), _right.ToArray(),
            _missingLeft.ToArray(), _value.ToArray(), _roots.ToArray()) { Gains = gains };

    /// <summary>Nodes added so far.</summary>
    public int NodeCount => _feature.Count;

    /// <summary>The value of the leaf one raw sample reaches in the tree rooted at <paramref name="root"/> (boosting's score update).</summary>
    public float Walk(int root, ReadOnlySpan<float> x)
    {
        int node = root;
        while (_feature[node] >= 0)
        {
            float value = x[_feature[node]];
            node = value <= _threshold[node] ? _left[node] : float.IsNaN(value) ? (_missingLeft[node] ? _left[node] : _right[node]) : _right[node];
        }

        return _value[node];
    }

    /// <summary>The root of tree <paramref name="tree"/>.</summary>
    public int Root(int tree) => _roots[tree];
}
