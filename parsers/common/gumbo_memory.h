#pragma once
// Private to parsers/common (html_render.cpp): the allocator render_html hands gumbo.
#include <gumbo.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <string_view>

// Under AddressSanitizer (GCC defines the first macro, clang answers the second).
#if defined(__SANITIZE_ADDRESS__)
#define VETQ_GUMBO_MEMORY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VETQ_GUMBO_MEMORY_ASAN 1
#endif
#endif

namespace vetq::parsers {

// gumbo's memory, all freed together when the page is done: gumbo_destroy_output would free
// the tree recursively, which a deep enough page turns into a stack overflow. Small blocks come
// from 64 KiB chunks and are never freed one by one (gumbo frees and reallocates small buffers
// at every token; malloc and free were 1/20 of an HTML page's time), up to kChunkCap bytes of
// chunks a page, so that a page of many small elements costs at most that much more memory;
// the rest are malloc'd blocks in a list. Out of memory is std::bad_alloc, the file's error
// (ingest catches it).
class GumboMemory {
 public:
  GumboMemory() = default;
  GumboMemory(const GumboMemory&) = delete;
  GumboMemory& operator=(const GumboMemory&) = delete;
  ~GumboMemory() {
    for (Block* b = head_.next; b != &head_;) {
      Block* next = b->next;
      std::free(b);
      b = next;
    }
  }
  static void* allocate(void* self, std::size_t size) {
    auto& m = *static_cast<GumboMemory*>(self);
    if (size > kSmall || (m.left_ < need(size) && m.chunks_ >= kChunkCap / kChunk))
      return m.listed(size) + 1;
    if (m.left_ < need(size)) {
      m.next_ = reinterpret_cast<char*>(m.listed(kChunk) + 1);
      m.left_ = kChunk;
      ++m.chunks_;
    }
    auto* b = new (m.next_) Block{nullptr, nullptr};  // no list: freed with its chunk
    m.next_ += need(size);
    m.left_ -= need(size);
    return b + 1;
  }
  static void deallocate(void*, void* p) {
    if (!p) return;
    Block* b = static_cast<Block*>(p) - 1;
    if (!b->prev) return;  // in a chunk
    b->prev->next = b->next;
    b->next->prev = b->prev;
    std::free(b);
  }

 private:
  struct alignas(16) Block {
    Block* prev;
    Block* next;
  };
#ifdef VETQ_GUMBO_MEMORY_ASAN
  static constexpr std::size_t kSmall = 0;  // every block malloc'd, where ASan can watch it
#else
  static constexpr std::size_t kSmall = 512;
#endif
  static constexpr std::size_t kChunk = 64 << 10, kChunkCap = 4 << 20;
  // A small block's place in a chunk: its header, then the size rounded up to 16 bytes.
  static constexpr std::size_t need(std::size_t size) {
    return sizeof(Block) + ((size + 15) & ~std::size_t{15});
  }
  // A block of its own, in the list.
  Block* listed(std::size_t size) {
    auto* b = static_cast<Block*>(std::malloc(sizeof(Block) + size));
    if (!b) throw std::bad_alloc();
    b->prev = &head_;
    b->next = head_.next;
    head_.next->prev = b;
    head_.next = b;
    return b;
  }
  Block head_{&head_, &head_};
  char* next_ = nullptr;  // the current chunk's free space
  std::size_t left_ = 0;
  std::size_t chunks_ = 0;
};

/// gumbo's parse of `html` in `memory` (freed with it), keeping no parse errors: none is read.
inline GumboOutput* parse_in(GumboMemory& memory, std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &GumboMemory::allocate;
  options.deallocator = &GumboMemory::deallocate;
  options.userdata = &memory;
  options.max_errors = 0;
  return gumbo_parse_with_options(&options, html.data(), html.size());
}

}  // namespace vetq::parsers
