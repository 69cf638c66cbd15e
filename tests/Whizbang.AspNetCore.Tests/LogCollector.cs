using Microsoft.Extensions.Logging;

namespace Whizbang.AspNetCore.Tests;

/// <summary>Keeps every log entry the host writes, for asserting what a refusal logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (collector._entries)
            {
                collector._entries.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);
