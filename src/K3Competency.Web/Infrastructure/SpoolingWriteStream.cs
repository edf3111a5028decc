namespace K3Competency.Web.Infrastructure;

/// <summary>
/// A write-only, non-seekable stream that collects what is written to it until <see cref="DrainToAsync"/> copies it
/// to the real destination asynchronously. ZipArchive still writes some headers synchronously, which Kestrel's
/// response body refuses; writing the archive here and draining after each entry keeps the response async while
/// at most one entry is held in memory. Non-seekable, so ZipArchive writes data descriptors instead of seeking back.
/// </summary>
public sealed class SpoolingWriteStream : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _pending.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what was written since the last drain, then forgets it.</summary>
    public async Task DrainToAsync(Stream destination, CancellationToken ct)
    {
        if (_pending.Length == 0)
        {
            return;
        }
        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
        await destination.FlushAsync(ct);
        _pending.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
