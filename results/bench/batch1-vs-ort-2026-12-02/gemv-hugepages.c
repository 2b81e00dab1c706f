#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#include <immintrin.h>
#include <sys/mman.h>
#define N 4096
#define K 9216
int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
static void gemv(const float* W, const float* x, float* y){
  #pragma omp parallel for schedule(static)
  for (int n0=0;n0<N;n0+=8){
    __m512 acc[8]; for(int r=0;r<8;r++) acc[r]=_mm512_setzero_ps();
    const float* p=W+(size_t)n0*K;
    for(int k=0;k<K;k+=16){ __m512 xv=_mm512_load_ps(x+k);
      for(int r=0;r<8;r++) acc[r]=_mm512_fmadd_ps(_mm512_load_ps(p+(size_t)r*K+k),xv,acc[r]); }
    for(int r=0;r<8;r++) y[n0+r]=_mm512_reduce_add_ps(acc[r]);
  }
}
int main(int argc,char**argv){
  int huge=atoi(argv[1]); size_t bytes=(size_t)N*K*4;
  float* W=mmap(0,bytes+(2<<20),PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
  W=(float*)(((size_t)W+(2<<20)-1)&~(size_t)((2<<20)-1));
  if(huge) madvise(W,bytes,MADV_HUGEPAGE);
  float* x=aligned_alloc(64,K*4); float* y=aligned_alloc(64,N*4);
  for(size_t i=0;i<(size_t)N*K;i++) W[i]=(i%7)*0.1f; for(int k=0;k<K;k++) x[k]=1;
  double t[31];
  for(int r=0;r<31;r++){ double s=omp_get_wtime(); gemv(W,x,y); t[r]=omp_get_wtime()-s;}
  qsort(t,31,sizeof(double),cmp); printf("huge %d: %.2f ms %.1f GB/s (min %.2f)\n", huge, t[15]*1e3,(double)bytes/t[15]/1e9, t[0]*1e3);
  FILE*f=fopen("/proc/self/smaps_rollup","r"); char l[256]; while(fgets(l,256,f)) if(strstr(l,"AnonHuge")) fputs(l,stdout);
}
