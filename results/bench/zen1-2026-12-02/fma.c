#include <immintrin.h>
#include <stdio.h>
#include <omp.h>
#define N 200000000L
int main(){
  double best=0;
  for(int r=0;r<5;r++){
    double t0=omp_get_wtime();
    float sink=0;
    #pragma omp parallel reduction(+:sink)
    {
      __m256 a=_mm256_set1_ps(0.999999f), b=_mm256_set1_ps(1e-7f);
      __m256 c0=_mm256_set1_ps(0.1f),c1=_mm256_set1_ps(0.2f),c2=_mm256_set1_ps(0.3f),c3=_mm256_set1_ps(0.4f),c4=_mm256_set1_ps(0.5f),c5=_mm256_set1_ps(0.6f),c6=_mm256_set1_ps(0.7f),c7=_mm256_set1_ps(0.8f),c8=_mm256_set1_ps(0.9f),c9=_mm256_set1_ps(1.1f);
      for(long i=0;i<N/10;i++){
        c0=_mm256_fmadd_ps(a,c0,b);c1=_mm256_fmadd_ps(a,c1,b);c2=_mm256_fmadd_ps(a,c2,b);c3=_mm256_fmadd_ps(a,c3,b);c4=_mm256_fmadd_ps(a,c4,b);
        c5=_mm256_fmadd_ps(a,c5,b);c6=_mm256_fmadd_ps(a,c6,b);c7=_mm256_fmadd_ps(a,c7,b);c8=_mm256_fmadd_ps(a,c8,b);c9=_mm256_fmadd_ps(a,c9,b);
      }
      __m256 s=_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0,c1),_mm256_add_ps(c2,c3)),_mm256_add_ps(_mm256_add_ps(c4,c5),_mm256_add_ps(_mm256_add_ps(c6,c7),_mm256_add_ps(c8,c9))));
      float o[8]; _mm256_storeu_ps(o,s); sink+=o[0];
    }
    double t=omp_get_wtime()-t0; int th=omp_get_max_threads();
    double g=2.0*8*N*th/t/1e9; if(g>best)best=g;
    if(sink==42)printf("x");
  }
  printf("C fma %d threads: %.1f GFLOP/s\n", omp_get_max_threads(), best);
}
