using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace K3Competency.Application.Data;

/// <summary>
/// After PostgreSQL restarts (or a failover, or an idle connection cut by a firewall) every connection in
/// Npgsql's pool is dead, and the first command on each fails. This strategy retries such a command once,
/// on a fresh connection after emptying the pool, so the first request after a restart succeeds instead of
/// answering 500. Only outside a transaction the caller began: inside one, the transaction died with its
/// connection and the caller's error handling applies (issue 10, finding 9).
/// </summary>
public sealed class BrokenConnectionRetry(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 1, maxRetryDelay: TimeSpan.FromMilliseconds(200))
{
    private bool _inUserTransaction;

    /// <summary>The base class refuses to run inside a user transaction; here it runs, without retrying.</summary>
    protected override void OnFirstExecution()
    {
        _inUserTransaction = Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;
        ExceptionsEncountered.Clear();
    }

    protected override bool ShouldRetryOn(Exception exception)
    {
        if (!IsBrokenConnection(exception))
        {
            return false;
        }
        // Every pooled connection shares the fate of the one that failed.
        NpgsqlConnection.ClearAllPools();
        return !_inUserTransaction;
    }

    /// <summary>The server went away (terminated, shutting down, restarted) or the socket is gone.</summary>
    public static bool IsBrokenConnection(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.InnerException is IOException or SocketException or EndOfStreamException
                             || (n.InnerException is not null && IsBrokenConnection(n.InnerException)),
        IOException or SocketException or EndOfStreamException => true,
        _ => exception.InnerException is not null && IsBrokenConnection(exception.InnerException),
    };
}
