package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The flags that decide ONNX Runtime's integer kernels, read from /proc/cpuinfo as each architecture writes it. */
class CpuDescriptionTest {
    @Test
    void anAvx2OnlyEpycIsOneWhoseU8S8KernelsSaturate() {
        CpuDescription cpu = CpuDescription.parse("processor\t: 0\nmodel name\t: AMD EPYC 7B12\n"
                + "flags\t\t: fpu sse4_1 avx avx2 fma bmi2\n", "amd64", "1.23.2");
        assertEquals("AMD EPYC 7B12", cpu.model());
        assertTrue(cpu.flags().get("avx2"));
        assertFalse(cpu.flags().get("avx512"));
        assertFalse(cpu.flags().get("avx512vnni"));
        assertTrue(cpu.u8s8MaySaturate());
    }

    @Test
    void anAvx512VnniCpuDoesNotSaturate() {
        CpuDescription cpu = CpuDescription.parse("model name\t: AMD EPYC\nflags\t\t: avx2 avx512f avx512_vnni avx_vnni\n",
                "amd64", "1.23.2");
        assertTrue(cpu.flags().get("avx512") && cpu.flags().get("avx512vnni") && cpu.flags().get("avxvnni"));
        assertFalse(cpu.u8s8MaySaturate());
    }

    @Test
    void arm64ReportsNeonAndDotProductAndNeverSaturates() {
        CpuDescription cpu = CpuDescription.parse("processor\t: 0\nFeatures\t: fp asimd evtstrm aes crc32 asimddp\n"
                + "CPU part\t: 0xd0c\n", "aarch64", "1.23.2");
        assertTrue(cpu.flags().get("neon") && cpu.flags().get("dotprod"));
        assertFalse(cpu.flags().get("avx2"));
        assertFalse(cpu.u8s8MaySaturate());
        assertEquals("0xd0c", cpu.model());
    }
}
