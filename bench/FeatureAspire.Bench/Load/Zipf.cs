namespace FeatureAspire.Bench.Load;

/// <summary>
/// Zipf's law over ranks 1..n: rank k is drawn with probability proportional to 1/k^s. Sampled by a binary search of
/// the cumulative distribution (8 bytes a rank, 8 MB for a million), exact rather than approximated, so that our
/// generator and wrk's script (bench/wrk/requests.lua, the same method) draw from the same distribution. Rank k is
/// the k-th instance (sku-k, user k): the hottest instances are the first ones.
/// </summary>
internal sealed class Zipf
{
    private readonly double[] cumulative;

    public Zipf(long n, double s = 1.0)
    {
        cumulative = new double[n];
        var sum = 0.0;
        for (var k = 1; k <= n; k++)
        {
            sum += 1.0 / Math.Pow(k, s);
            cumulative[k - 1] = sum;
        }
        for (var k = 0; k < n; k++)
        {
            cumulative[k] /= sum;
        }
    }

    public long Count => cumulative.Length;

    /// <summary>A rank, 1..n.</summary>
    public long Sample(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index >= 0 ? index : ~index, cumulative.Length - 1) + 1;
    }

    /// <summary><paramref name="count"/> distinct ranks, in the order drawn: a candidate list names an item once.</summary>
    public long[] SampleDistinct(Random random, int count)
    {
        var drawn = new HashSet<long>(count);
        var ranks = new long[count];
        for (var i = 0; i < count;)
        {
            var rank = Sample(random);
            if (drawn.Add(rank))
            {
                ranks[i++] = rank;
            }
        }
        return ranks;
    }
}
