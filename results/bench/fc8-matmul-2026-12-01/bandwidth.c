#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
int main(){ size_t n=100*1000*1000; float*a=aligned_alloc(64,n*4); for(size_t i=0;i<n;i++)a[i]=1.0f/(i%7+1);
 for(int th=1;th<=2;th++){ double best=1e9; float s=0; for(int r=0;r<7;r++){ double t=omp_get_wtime(); float acc=0;
 #pragma omp parallel for reduction(+:acc) num_threads(th)
 for(size_t i=0;i<n;i++)acc+=a[i];
 t=omp_get_wtime()-t; if(t<best)best=t; s+=acc;}
 printf("%d threads: %.1f GB/s (%f)\n",th,n*4/best/1e9,s);} return 0;}
