using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>
/// A percentile of the measured iterations, for the percentiles <see cref="StatisticColumn"/> lacks (it stops at P95
/// below P100).
/// </summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";

    public string ColumnName => $"P{percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Percentile {percentile}: {percentile}% of the measured iterations took at most this long";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        // In the unit the summary chose for the other time columns.
        var unit = style.TimeUnit ?? TimeUnit.Millisecond;
        var value = TimeInterval.FromNanoseconds(statistics.Percentiles.Percentile(percentile)).ToUnit(unit).ToString("N2", style.CultureInfo);
        return style.PrintUnitsInContent ? $"{value} {unit.Abbreviation}" : value;
    }

    public override string ToString() => ColumnName;
}
