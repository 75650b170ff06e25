// The CBLAS routine the Neural target uses, from OpenBLAS (Debian: libopenblas-dev, found via
// pkg-config "openblas"). Declared here, like CLapack's routines, so that no particular
// cblas.h layout is required. Enum values are CBLAS's: row-major 101, no-transpose 111,
// transpose 112.
#ifndef NEURAL_CBLAS_SHIM_H
#define NEURAL_CBLAS_SHIM_H

// C = alpha op(A) op(B) + beta C.
void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
                 const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);

// Number of threads OpenBLAS may use (Neural sets 1: runs already go in parallel, one per core).
void openblas_set_num_threads(int num_threads);

#endif
