using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Runtime.Intrinsics;
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
/// Grows one tree on binned data from per-row statistics (G and H), with histograms: a node's histogram sums
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

    /// <summary>
    /// Whether histograms count rows: only <c>MinSamplesLeaf</c> above 1 needs them. A row counts once however often a
    /// bootstrap drew it (its multiplicity weighs G and H), as scikit-learn's <c>min_samples_leaf</c> counts samples.
    /// </summary>
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
        int widest = 1;
        for (int f = 0; f < features; f++)
        {
            widest = Math.Max(widest, binning.ValueBins(f));
        }

        (_leftG, _leftH, _leftC) = (new double[widest], new double[widest], new double[widest]);
        (_gainMissingRight, _gainMissingLeft) = (new double[widest], new double[widest]);
    }

    /// <summary>Peak bytes the histograms held, for the benchmark's memory report.</summary>
    public long PeakHistogramBytes { get; private set; }

    private int _histogramsOut;

    /// <summary>
    /// Grows a tree on the rows with a non-zero <paramref name="count"/> (whose multiplicity <paramref name="g"/> and
    /// <paramref name="h"/> already carry) and appends its nodes to <paramref name="tree"/>;
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
            _leafOfRow = new int[_rows];
        }

        for (int r = 0; r < _rows; r++)
        {
            _leafOfRow[r] = -1;
            if (count[r] > 0)
            {
                _order[present++] = r;
            }
        }

        bool perSplitSampling = limits.FeaturesPerSplit < features.Length;
        _counting = limits.MinSamplesLeaf > 1;
        _stride = _counting ? 3 : 2;

        var root = new Node(0, present, 0);
        Sum(g, h, ref root);
        root.Index = tree.AddLeaf(LeafValue(root, limits));
        if (!perSplitSampling)
        {
            root.Histogram = Rent();
            Build(root, features, g, h, root.Histogram);
        }

        FindSplit(ref root, features, limits, g, h, ref rng);
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
                MarkLeaf(node);
                Return(node.Histogram);
                continue;
            }

            int split = Partition(node);
            var left = new Node(node.Start, split, node.Depth + 1) { G = node.LeftG, H = node.LeftH };
            var right = new Node(split, node.End, node.Depth + 1) { G = node.G - node.LeftG, H = node.H - node.LeftH };
            float threshold = Threshold(node, split);
            left.Index = tree.AddLeaf(LeafValue(left, limits));
            right.Index = tree.AddLeaf(LeafValue(right, limits));
            tree.MakeSplit(node.Index, node.Feature, threshold, node.MissingLeft, left.Index, right.Index);
            gains[node.Feature] += node.Gain;
            leaves++;

            if (!perSplitSampling && node.Histogram is not null)
            {
                // Build the child with fewer rows, subtract it from the parent's histogram for the other; a child that
                // cannot split (the last level, above all) needs no histogram.
                bool leftSmaller = left.End - left.Start <= right.End - right.Start;
                ref Node small = ref leftSmaller ? ref left : ref right;
                ref Node large = ref leftSmaller ? ref right : ref left;
                bool largeSplits = MaySplit(large, limits);
                if (largeSplits || MaySplit(small, limits))
                {
                    small.Histogram = Rent();
                    Build(small, features, g, h, small.Histogram);
                }

                if (largeSplits)
                {
                    large.Histogram = node.Histogram;
                    Subtract(large.Histogram, small.Histogram!, features);
                    node.Histogram = null;
                }
            }

            Return(node.Histogram);
            Enqueue(left, features, limits, g, h, frontier, ref rng);
            Enqueue(right, features, limits, g, h, frontier, ref rng);
        }

        foreach (Node node in frontier)
        {
            MarkLeaf(node);
            Return(node.Histogram);
        }
    }

    /// <summary>Per training row, the node index of the leaf it reached in the last tree grown, or −1 when the tree's sample left it out.</summary>
    public ReadOnlySpan<int> LeafOfRow => _leafOfRow;

    private int[] _leafOfRow = Array.Empty<int>();

    private void MarkLeaf(in Node node)
    {
        foreach (int r in _order.AsSpan(node.Start, node.End - node.Start))
        {
            _leafOfRow[r] = node.Index;
        }
    }

    /// <summary>Finds a new node's best split and keeps it in the frontier when it has one.</summary>
    private void Enqueue(Node node, ReadOnlySpan<int> features, GrowthLimits limits, double[] g, double[] h, List<Node> frontier, ref SeededRandom rng)
    {
        FindSplit(ref node, features, limits, g, h, ref rng);
        if (node.Feature >= 0)
        {
            frontier.Add(node);
        }
        else
        {
            MarkLeaf(node);
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

    private void Sum(double[] g, double[] h, ref Node node)
    {
        double sg = 0, sh = 0;
        for (int i = node.Start; i < node.End; i++)
        {
            int r = _order[i];
            sg += g[r];
            sh += h[r];
        }

        node.G = sg;
        node.H = sh;
    }

    private static float LeafValue(Node node, GrowthLimits limits) => limits.Objective == SplitObjective.Newton
        ? (float)(-node.G / (node.H + limits.L2) * limits.LeafScale)
        : (float)(node.H > 0 ? node.G / node.H : 0);

    /// <summary>
    /// Sums each listed feature's rows of <paramref name="node"/> per bin into <paramref name="histogram"/>. The node's G
    /// and H are gathered once into row order, then four features share each row's loads; rows are counted only when
    /// <c>MinSamplesLeaf</c> is above 1.
    /// </summary>
    /// <remarks>
    /// This loop is most of a boosting run's time. Without counts a bin's (G, H) pair is one 128-bit add where vectors are
    /// accelerated (halving the loads and stores of two scalar adds), and the reads skip bounds checks: a row index comes
    /// from the node's rows and a bin from <see cref="FeatureBins"/>, which never exceeds the feature's missing bin.
    /// </remarks>
    private void Build(Node node, ReadOnlySpan<int> features, double[] g, double[] h, double[] histogram)
    {
        int rows = node.End - node.Start;
        if (_gathered.Length < 2 * rows)
        {
            _gathered = new double[2 * _rows];
        }

        int stride = _stride;
        ReadOnlySpan<int> order = _order.AsSpan(node.Start, rows);
        Span<double> gathered = _gathered.AsSpan(0, 2 * rows);
        for (int i = 0; i < rows; i++)
        {
            int r = order[i];
            gathered[2 * i] = g[r];
            gathered[2 * i + 1] = h[r];
        }

        ref int rowRef = ref MemoryMarshal.GetReference(order);
        ref double pairRef = ref MemoryMarshal.GetReference(gathered);
        ref TBin binRef = ref MemoryMarshal.GetArrayDataReference(_bins);
        bool pairs = !_counting && Vector128.IsHardwareAccelerated;
        int k = 0;
        for (; k + 4 <= features.Length; k += 4)
        {
            int f0 = features[k], f1 = features[k + 1], f2 = features[k + 2], f3 = features[k + 3];
            Span<double> s0 = Segment(histogram, f0), s1 = Segment(histogram, f1), s2 = Segment(histogram, f2), s3 = Segment(histogram, f3);
            s0.Clear();
            s1.Clear();
            s2.Clear();
            s3.Clear();
            ref double h0 = ref MemoryMarshal.GetReference(s0), h1 = ref MemoryMarshal.GetReference(s1);
            ref double h2 = ref MemoryMarshal.GetReference(s2), h3 = ref MemoryMarshal.GetReference(s3);
            ref TBin c0 = ref Unsafe.Add(ref binRef, f0 * _rows), c1 = ref Unsafe.Add(ref binRef, f1 * _rows);
            ref TBin c2 = ref Unsafe.Add(ref binRef, f2 * _rows), c3 = ref Unsafe.Add(ref binRef, f3 * _rows);
            if (pairs)
            {
                for (int i = 0; i < rows; i++)
                {
                    int r = Unsafe.Add(ref rowRef, i);
                    Vector128<double> gh = Vector128.LoadUnsafe(ref pairRef, (nuint)(2 * i));
                    AddPair(ref h0, int.CreateTruncating(Unsafe.Add(ref c0, r)), gh);
                    AddPair(ref h1, int.CreateTruncating(Unsafe.Add(ref c1, r)), gh);
                    AddPair(ref h2, int.CreateTruncating(Unsafe.Add(ref c2, r)), gh);
                    AddPair(ref h3, int.CreateTruncating(Unsafe.Add(ref c3, r)), gh);
                }

                continue;
            }

            for (int i = 0; i < rows; i++)
            {
                int r = Unsafe.Add(ref rowRef, i);
                ref double sums = ref Unsafe.Add(ref pairRef, 2 * i);
                AddSums(ref h0, stride * int.CreateTruncating(Unsafe.Add(ref c0, r)), ref sums, stride);
                AddSums(ref h1, stride * int.CreateTruncating(Unsafe.Add(ref c1, r)), ref sums, stride);
                AddSums(ref h2, stride * int.CreateTruncating(Unsafe.Add(ref c2, r)), ref sums, stride);
                AddSums(ref h3, stride * int.CreateTruncating(Unsafe.Add(ref c3, r)), ref sums, stride);
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
                AddSums(ref MemoryMarshal.GetReference(bins), stride * int.CreateTruncating(column[order[i]]), ref Unsafe.Add(ref pairRef, 2 * i), stride);
            }
        }
    }

    /// <summary>Adds one row's (G, H) pair to bin <paramref name="bin"/> of a count-less histogram segment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(ref double segment, int bin, Vector128<double> pair)
    {
        ref double sums = ref Unsafe.Add(ref segment, 2 * bin);
        Vector128.StoreUnsafe(Vector128.LoadUnsafe(ref sums) + pair, ref sums);
    }

    /// <summary>Adds one row's G and H (and, at stride 3, the row itself to the count) to the bin starting at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums(ref double segment, int offset, ref double pair, int stride)
    {
        ref double sums = ref Unsafe.Add(ref segment, offset);
        sums += pair;
        Unsafe.Add(ref sums, 1) += Unsafe.Add(ref pair, 1);
        if (stride == 3)
        {
            Unsafe.Add(ref sums, 2) += 1;
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
    private void FindSplit(ref Node node, ReadOnlySpan<int> features, GrowthLimits limits, double[] g, double[] h, ref SeededRandom rng)
    {
        node.Feature = -1;
        node.Gain = 0;
        int rows = node.End - node.Start;
        if (!MaySplit(node, limits))
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
                ScanSorted(ref node, candidates, g, h, limits);
                return;
            }

            histogram = Rent();
            Build(node, candidates, g, h, histogram);
        }

        double parent = Score(node.G, node.H, limits);
        foreach (int f in candidates)
        {
            ScanHistogram(ref node, f, Segment(histogram!, f), parent, limits);
        }

        if (!ReferenceEquals(histogram, node.Histogram))
        {
            Return(histogram);
        }
    }

    /// <summary>Per bin of a feature: the sums of the bins up to it, and the gains of splitting after it with missing values right and left.</summary>
    private readonly double[] _leftG, _leftH, _leftC, _gainMissingRight, _gainMissingLeft;

    /// <summary>
    /// The best split of feature <paramref name="feature"/> from its histogram segment: after each bin, missing values
    /// tried on both sides. The running sums come first, then every candidate's gain at once (in vectors where they are
    /// accelerated: two divisions a candidate were a fifth of a boosting run), then one pass in candidate order picks the
    /// best, so the choice and its tie-breaking are the scalar scan's, bit for bit.
    /// </summary>
    private void ScanHistogram(ref Node node, int feature, ReadOnlySpan<double> bins, double parent, GrowthLimits limits)
    {
        int valueBins = _binning.ValueBins(feature);
        int missing = valueBins * _stride;
        double mg = bins[missing], mh = bins[missing + 1], mc = _counting ? bins[missing + 2] : 0;
        bool hasMissing = _counting ? mc > 0 : mh > 0;
        // The last value bin splits values from missing ones only, and only when there are missing ones.
        int splits = hasMissing ? valueBins : valueBins - 1;
        Span<double> lg = _leftG.AsSpan(0, splits), lh = _leftH.AsSpan(0, splits), lc = _leftC.AsSpan(0, splits);
        double sg = 0, sh = 0, sc = 0;
        for (int b = 0; b < splits; b++)
        {
            sg += bins[b * _stride];
            sh += bins[b * _stride + 1];
            lg[b] = sg;
            lh[b] = sh;
            if (_counting)
            {
                sc += bins[b * _stride + 2];
                lc[b] = sc;
            }
        }

        Span<double> right = _gainMissingRight.AsSpan(0, splits), left = _gainMissingLeft.AsSpan(0, splits);
        Gains(node, lg, lh, lc, 0, 0, 0, parent, limits, right);
        if (hasMissing)
        {
            Gains(node, lg, lh, lc, mg, mh, mc, parent, limits, left);
        }

        double tolerance = 1e-12 * Math.Abs(parent);
        for (int b = 0; b < splits; b++)
        {
            if (right[b] > node.Gain + tolerance)
            {
                Record(ref node, feature, b, missingLeft: false, right[b], lg[b], lh[b]);
            }

            if (hasMissing && left[b] > node.Gain + tolerance)
            {
                Record(ref node, feature, b, missingLeft: true, left[b], lg[b] + mg, lh[b] + mh);
            }
        }
    }

    /// <summary>
    /// The gain of each split whose left child sums <paramref name="lg"/>, <paramref name="lh"/>, <paramref name="lc"/>
    /// plus the missing values' <paramref name="mg"/>, <paramref name="mh"/>, <paramref name="mc"/>; −∞ where the limits
    /// forbid it. The vector lanes compute exactly what <see cref="Consider"/> computes for one candidate.
    /// </summary>
    private void Gains(in Node node, ReadOnlySpan<double> lg, ReadOnlySpan<double> lh, ReadOnlySpan<double> lc, double mg, double mh, double mc, double parent, GrowthLimits limits, Span<double> gains)
    {
        double rows = node.End - node.Start;
        int b = 0;
        if (Vector.IsHardwareAccelerated && limits.Objective != SplitObjective.Entropy)
        {
            var l2 = new Vector<double>(limits.L2);
            var minWeight = new Vector<double>(limits.MinChildWeight);
            var minRows = new Vector<double>(_counting ? limits.MinSamplesLeaf : double.NegativeInfinity);
            var parentScore = new Vector<double>(parent);
            var g = new Vector<double>(node.G);
            var h = new Vector<double>(node.H);
            var total = new Vector<double>(rows);
            var forbidden = new Vector<double>(double.NegativeInfinity);
            bool newton = limits.Objective == SplitObjective.Newton;
            for (; b + Vector<double>.Count <= gains.Length; b += Vector<double>.Count)
            {
                Vector<double> leftG = new Vector<double>(lg[b..]) + new Vector<double>(mg);
                Vector<double> leftH = new Vector<double>(lh[b..]) + new Vector<double>(mh);
                Vector<double> rightG = g - leftG, rightH = h - leftH;
                Vector<long> allowed = Vector.GreaterThanOrEqual(leftH, minWeight) & Vector.GreaterThanOrEqual(rightH, minWeight)
                    & Vector.GreaterThan(leftH, Vector<double>.Zero) & Vector.GreaterThan(rightH, Vector<double>.Zero);
                if (_counting)
                {
                    Vector<double> leftC = new Vector<double>(lc[b..]) + new Vector<double>(mc);
                    allowed &= Vector.GreaterThanOrEqual(leftC, minRows) & Vector.GreaterThanOrEqual(total - leftC, minRows);
                }

                Vector<double> gain = newton
                    ? leftG * leftG / (leftH + l2) + rightG * rightG / (rightH + l2) - parentScore
                    : new Vector<double>(-2.0) * leftG * (leftH - leftG) / leftH + new Vector<double>(-2.0) * rightG * (rightH - rightG) / rightH - parentScore;
                Vector.ConditionalSelect(allowed, gain, forbidden).CopyTo(gains[b..]);
            }
        }

        for (; b < gains.Length; b++)
        {
            double leftG = lg[b] + mg, leftH = lh[b] + mh, leftC = _counting ? lc[b] + mc : 0;
            double rightG = node.G - leftG, rightH = node.H - leftH, rightC = rows - leftC;
            bool allowed = leftH >= limits.MinChildWeight && rightH >= limits.MinChildWeight && leftH > 0 && rightH > 0
                && (!_counting || (leftC >= limits.MinSamplesLeaf && rightC >= limits.MinSamplesLeaf));
            gains[b] = allowed ? Score(leftG, leftH, limits) + Score(rightG, rightH, limits) - parent : double.NegativeInfinity;
        }
    }

    /// <summary>Whether the limits let <paramref name="node"/> split at all (a pure node of an impurity objective cannot gain).</summary>
    private static bool MaySplit(in Node node, GrowthLimits limits) =>
        (limits.MaxDepth <= 0 || node.Depth < limits.MaxDepth) && node.End - node.Start >= limits.MinSamplesSplit
        && node.End - node.Start >= 2 * limits.MinSamplesLeaf && node.H >= 2 * limits.MinChildWeight
        && (limits.Objective == SplitObjective.Newton || (node.G > 1e-12 * node.H && node.G < node.H * (1 - 1e-12)));

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
    private void ScanSorted(ref Node node, ReadOnlySpan<int> candidates, double[] g, double[] h, GrowthLimits limits)
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
                    mc++;
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
                lc++;
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
        double rg = node.G - lg, rh = node.H - lh, rc = node.End - node.Start - lc;
        if ((_counting && (lc < limits.MinSamplesLeaf || rc < limits.MinSamplesLeaf)) || lh < limits.MinChildWeight || rh < limits.MinChildWeight || lh <= 0 || rh <= 0)
        {
            return;
        }

        double gain = Score(lg, lh, limits) + Score(rg, rh, limits) - parent;
        // Ties keep the first split found (lowest feature, lowest bin), so training is deterministic.
        if (gain > node.Gain + 1e-12 * Math.Abs(parent))
        {
            Record(ref node, feature, bin, missingLeft, gain, lg, lh);
        }
    }

    private static void Record(ref Node node, int feature, int bin, bool missingLeft, double gain, double lg, double lh)
    {
        node.Gain = gain;
        node.Feature = feature;
        node.Bin = bin;
        node.MissingLeft = missingLeft;
        node.LeftG = lg;
        node.LeftH = lh;
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
        public double G, H;
        public int Feature = -1, Bin;
        public bool MissingLeft;
        public double Gain, LeftG, LeftH;
        public double[]? Histogram;
    }
}

/// <summary>A tree grower whatever its bin width.</summary>
internal interface ITreeGrower
{
    /// <summary>Peak bytes the histograms held.</summary>
    long PeakHistogramBytes { get; }

    /// <summary>Per training row, the node index of the leaf it reached in the last tree grown, or −1 when the tree's sample left it out.</summary>
    ReadOnlySpan<int> LeafOfRow { get; }

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

    /// <summary>The value of node <paramref name="node"/> (a leaf's output).</summary>
    public float Value(int node) => _value[node];

    /// <summary>The root of tree <paramref name="tree"/>.</summary>
    public int Root(int tree) => _roots[tree];
}
