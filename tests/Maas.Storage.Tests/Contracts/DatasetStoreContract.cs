using Maas.Core;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Datasets and their versions, as every implementation of <see cref="IDatasetStore"/> must keep them.</summary>
public abstract class DatasetStoreContract : StoreContract
{
    private static readonly IReadOnlyList<DatasetColumn> Columns =
    [
        new("x", DatasetColumnKind.Numeric, 3, 1, 2.5, 0.5, 2, 3, 2, []),
        new("label", DatasetColumnKind.Categorical, 4, 0, null, null, null, null, 2, [new("a", 3), new("b", 1)]),
    ];

    [Fact]
    public async Task DatasetVersions_AreNumberedAndNeverReused()
    {
        var first = await Datasets.AddDatasetVersionAsync("d", Blob('a'), 4, Columns, None);
        await Datasets.AddDatasetVersionAsync("d", Blob('b'), 5, Columns, None);
        await Datasets.DeleteDatasetVersionAsync("d", 2, None);
        var third = await Datasets.AddDatasetVersionAsync("d", Blob('c'), 6, Columns, None);

        Assert.Equal(1, first.Version);
        Assert.Equal(3, third.Version);
        var dataset = await Datasets.GetDatasetAsync("d", None);
        Assert.Equal([3, 1], dataset!.Versions.Select(v => v.Version));
        Assert.Equal(Start, dataset.Created);
        var latest = await Datasets.GetDatasetVersionAsync("d", null, None);
        Assert.Equal(6, latest!.Rows);
        Assert.Equal(Columns, latest.Columns, new ColumnComparer());
        Assert.Equal(new DatasetSummary("d", Start, 3, 2), (await Datasets.ListDatasetsAsync(None)).Single());
    }

    [Fact]
    public async Task DeleteDataset_ReturnsEveryVersion_AndUnknownIsNotFound()
    {
        await Datasets.AddDatasetVersionAsync("d", Blob('a'), 4, Columns, None);
        await Datasets.AddDatasetVersionAsync("d", Blob('b'), 4, Columns, None);

        var deleted = await Datasets.DeleteDatasetAsync("d", None);

        Assert.Equal(["sha256:" + new string('a', 64), "sha256:" + new string('b', 64)], deleted.Select(d => d.Digest).Order(StringComparer.Ordinal));
        Assert.Null(await Datasets.GetDatasetAsync("d", None));
        var missing = await Assert.ThrowsAsync<MaasException>(() => Datasets.DeleteDatasetAsync("d", None));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
        var noVersion = await Assert.ThrowsAsync<MaasException>(() => Datasets.DeleteDatasetVersionAsync("d", 1, None));
        Assert.Contains("'d' does not exist", noVersion.Message, StringComparison.Ordinal);
    }

    private sealed class ColumnComparer : IEqualityComparer<DatasetColumn>
    {
        public bool Equals(DatasetColumn? x, DatasetColumn? y) =>
            x is not null && y is not null && (x with { TopCategories = [] }) == (y with { TopCategories = [] }) && x.TopCategories.SequenceEqual(y.TopCategories);

        public int GetHashCode(DatasetColumn obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
