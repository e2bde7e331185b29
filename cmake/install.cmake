# make install and make package (README, "Install"): vetq in bin/, its PDF, drawing, .docx and
# workbook modules in lib/vetq/ (vetq/module.h looks for them there, relative to the running
# binary), the man page, the shell completions and the database guide. PREFIX and DESTDIR are honoured (cmake --install).

install(TARGETS vetq RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
if(VETQ_PDF)
  install(TARGETS vetq_pdf LIBRARY DESTINATION "${VETQ_MODULE_DIR}")
endif()
install(TARGETS vetq_draw LIBRARY DESTINATION "${VETQ_MODULE_DIR}")  # charts (cairo, Pango)
install(TARGETS vetq_zip LIBRARY DESTINATION "${VETQ_MODULE_DIR}")   # .docx reports (libzip)
install(TARGETS vetq_xlsx LIBRARY DESTINATION "${VETQ_MODULE_DIR}")  # workbooks (libxlsxwriter)
install(FILES README.md docs/database.md docs/cli.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# The man page and the completions, generated from the built binary (cmake/gen-share.sh); not
# for the sanitizer and fuzzing builds, which are never installed.
if(NOT (VETQ_FUZZ OR VETQ_SANITIZE))
  find_program(HELP2MAN help2man)
  if(NOT HELP2MAN)
    message(WARNING "help2man not found: no man page is built (make deps installs it)")
  endif()
  set(share "${PROJECT_BINARY_DIR}/share")
  set(completions "${share}/vetq.bash" "${share}/vetq.zsh" "${share}/vetq.fish")
  set(generated ${completions})
  if(HELP2MAN)
    list(APPEND generated "${share}/vetq.1")
  endif()
  add_custom_command(
    OUTPUT ${generated}
    COMMAND sh "${PROJECT_SOURCE_DIR}/cmake/gen-share.sh" "$<TARGET_FILE:vetq>" "${share}"
    DEPENDS vetq "${PROJECT_SOURCE_DIR}/cmake/gen-share.sh"
    COMMENT "Generating the man page and the shell completions"
    VERBATIM)
  add_custom_target(vetq_share ALL DEPENDS ${generated})

  if(HELP2MAN)
    install(FILES "${share}/vetq.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  endif()
  install(FILES "${share}/vetq.bash" RENAME vetq
          DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
  install(FILES "${share}/vetq.fish" DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
  # zsh reads /usr/share/zsh/vendor-completions (Debian's packages) and
  # /usr/local/share/zsh/site-functions: the directory follows the prefix chosen at install time
  # (/usr, or CPack's staging directory for /usr, or any other).
  install(CODE "
    if(CMAKE_INSTALL_PREFIX MATCHES \"/usr/?$\")
      set(zsh_dir \"\${CMAKE_INSTALL_PREFIX}/share/zsh/vendor-completions\")
    else()
      set(zsh_dir \"\${CMAKE_INSTALL_PREFIX}/share/zsh/site-functions\")
    endif()
    file(INSTALL DESTINATION \"\${zsh_dir}\" TYPE FILE RENAME _vetq FILES \"${share}/vetq.zsh\")")
endif()

# make package: a .deb (CPack). dpkg-shlibdeps declares the runtime dependencies (libsqlite3,
# libpoppler-cpp, libxlsxwriter, ...) from the libraries the binary and the module link.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vetq)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "ingest Cedefop VET policy pages and regional reports into SQLite, then query them")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(VETQ_PACKAGE_MAINTAINER "vetq developers <vetq@localhost>"
    CACHE STRING "The Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VETQ_PACKAGE_MAINTAINER}")
include(CPack)
