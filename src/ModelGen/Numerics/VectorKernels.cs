using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Numerics;

/// <summary>
/// The two loops convolution and pooling layers are built from, written once with Vector256 and inlined into the
/// generated code, where their lengths are constants.
/// </summary>
public static class VectorKernels
{
    /// <summary><c>y[i] += a · x[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(float a, ref float x, ref float y, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> av = Vector256.Create(a);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)), ref y, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) = System.MathF.FusedMultiplyAdd(a, Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
        }
    }

    /// <summary><c>Σ a[i] · b[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> s0 = Vector256<float>.Zero;
            Vector256<float> s1 = Vector256<float>.Zero;
            for (; i <= length - 2 * Vector256<float>.Count; i += 2 * Vector256<float>.Count)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + Vector256<float>.Count)), Vector256.LoadUnsafe(ref b, (nuint)(i + Vector256<float>.Count)), s1);
            }

            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < length; i++)
        {
            sum = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        }

        return sum;
    }
}
