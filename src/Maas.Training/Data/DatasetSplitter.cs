using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// Splits row indices into train, validation and test: a seeded shuffle, split sizes rounded to the nearest row
/// (at least one row for every split with a fraction above zero), and for stratified splits each class divided in
/// proportion (largest remainders) so every split keeps the class mix. Each split lists its rows in shuffled order.
/// </summary>
internal static class DatasetSplitter
{
    /// <summary>The fractions must each be ≥ 0, train &gt; 0, and sum to 1 within this.</summary>
    public const double SumTolerance = 1e-6;

    public static void Validate(SplitSpec split)
    {
        ArgumentNullException.ThrowIfNull(split);
        double[] fractions = [split.Train, split.Validation, split.Test];
        if (fractions.Any(f => !double.IsFinite(f) || f < 0 || f > 1) || split.Train <= 0
            || Math.Abs(fractions.Sum() - 1) > SumTolerance)
        {
            throw new MaasException(
                ErrorCode.InvalidArgument,
                $"The split fractions (train {split.Train}, validation {split.Validation}, test {split.Test}) must each be between 0 and 1, train above 0, and sum to 1.");
        }
    }

    /// <summary>Splits <paramref name="rows"/>.</summary>
    /// <param name="rows">The usable rows (table indices).</param>
    /// <param name="classes">Each usable row's class, parallel to <paramref name="rows"/>, or null for an unstratified split.</param>
    /// <param name="classCount">The number of classes (the strata) when <paramref name="classes"/> is given.</param>
    /// <param name="split">The fractions.</param>
    /// <param name="seed">Seeds the shuffle: the same seed and rows give the same split.</param>
    public static (int[] Train, int[] Validation, int[] Test) Split(IReadOnlyList<int> rows, int[]? classes, int classCount, SplitSpec split, long seed)
    {
        Validate(split);
        var (nTrain, nValidation, nTest) = Sizes(rows.Count, split);

        // One permutation of positions drives everything: strata are read off it in order, and every split
        // lists its rows in permutation order, so the trainer sees classes interleaved.
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new SplitMix64(seed).Shuffle(order);
        var assignment = new byte[rows.Count];
        if (classes is null)
        {
            for (var i = 0; i < order.Length; i++)
            {
                assignment[order[i]] = i < nTest ? (byte)2 : i < nTest + nValidation ? (byte)1 : (byte)0;
            }
        }
        else
        {
            AssignStratified(order, classes, classCount, nValidation, nTest, assignment);
        }

        var lists = new[] { new List<int>(nTrain), new List<int>(nValidation), new List<int>(nTest) };
        foreach (var position in order)
        {
            lists[assignment[position]].Add(rows[position]);
        }

        return ([.. lists[0]], [.. lists[1]], [.. lists[2]]);
    }

    private static (int Train, int Validation, int Test) Sizes(int count, SplitSpec split)
    {
        var wanted = 1 + (split.Validation > 0 ? 1 : 0) + (split.Test > 0 ? 1 : 0);
        if (count < wanted)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Only {count} usable row{(count == 1 ? "" : "s")} remain after dropping missing values; the requested split needs at least {wanted}.");
        }

        var validation = split.Validation > 0 ? Math.Max(1, (int)Math.Round(count * split.Validation, MidpointRounding.AwayFromZero)) : 0;
        var test = split.Test > 0 ? Math.Max(1, (int)Math.Round(count * split.Test, MidpointRounding.AwayFromZero)) : 0;
        while (count - validation - test < 1)
        {
            // Rounding up the small splits left train empty: give rows back from the larger of them.
            if (validation >= test && validation > 1)
            {
                validation--;
            }
            else
            {
                test--;
            }
        }

        return (count - validation - test, validation, test);
    }

    private static void AssignStratified(int[] order, int[] classes, int classCount, int nValidation, int nTest, byte[] assignment)
    {
        var strata = new List<int>[classCount];
        for (var c = 0; c < classCount; c++)
        {
            strata[c] = [];
        }

        foreach (var position in order)
        {
            strata[classes[position]].Add(position);
        }

        var sizes = strata.Select(s => s.Count).ToArray();
        var remaining = (int[])sizes.Clone();
        var testTake = Apportion(nTest, sizes, order.Length, remaining);
        var validationTake = Apportion(nValidation, sizes, order.Length, remaining);
        for (var c = 0; c < classCount; c++)
        {
            var stratum = strata[c];
            for (var i = 0; i < stratum.Count; i++)
            {
                assignment[stratum[i]] = i < testTake[c] ? (byte)2 : i < testTake[c] + validationTake[c] ? (byte)1 : (byte)0;
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="total"/> rows from the classes in proportion to their sizes: floors first, then the
    /// largest remainders (ties to the lower class), leaving each class one row for training while that is possible.
    /// </summary>
    private static int[] Apportion(int total, int[] sizes, int rowCount, int[] remaining)
    {
        var take = new int[sizes.Length];
        var shares = sizes.Select(s => (double)total * s / rowCount).ToArray();
        var given = 0;
        for (var c = 0; c < sizes.Length; c++)
        {
            take[c] = Math.Min((int)Math.Floor(shares[c]), Math.Max(0, remaining[c] - 1));
            given += take[c];
        }

        var byRemainder = Enumerable.Range(0, sizes.Length)
            .OrderByDescending(c => shares[c] - take[c])
            .ThenBy(c => c)
            .ToArray();
        for (var reserve = 1; reserve >= 0 && given < total; reserve--)
        {
            var progress = true;
            while (given < total && progress)
            {
                progress = false;
                foreach (var c in byRemainder)
                {
                    if (given < total && take[c] < remaining[c] - reserve)
                    {
                        take[c]++;
                        given++;
                        progress = true;
                    }
                }
            }
        }

        for (var c = 0; c < sizes.Length; c++)
        {
            remaining[c] -= take[c];
        }

        return take;
    }
}
